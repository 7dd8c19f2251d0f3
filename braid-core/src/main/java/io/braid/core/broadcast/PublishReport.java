package io.braid.core.broadcast;

/**
 * What an origin tells the registry about a stream it ingests: on publish start, every refresh (10 s), and stop.
 * Figures are Ant Media's ingest stats. {@code sessionId} names one publish on that origin, so that the late stop of
 * an earlier publish of the same stream can never end a newer one.
 */
public record PublishReport(
        String nodeId,
        String originAdress,
        String publishType,
        String videoCodec,
        String audioCodec,
        Integer width,
        Integer height,
        Long bitrate,
        Double speed,
        Long receivedBytes,
        String sessionId,
        LinkStats link) {

    /** A report without link figures (RTMP: TCP hides them). */
    public PublishReport(String nodeId, String originAdress, String publishType, String videoCodec, String audioCodec, Integer width,
            Integer height, Long bitrate, Double speed, Long receivedBytes, String sessionId) {
        this(nodeId, originAdress, publishType, videoCodec, audioCodec, width, height, bitrate, speed, receivedBytes, sessionId, null);
    }

    /** Same figures, for one publish session: refresh and stop then apply only to that session's claim. */
    public PublishReport withSession(String session) {
        return new PublishReport(nodeId, originAdress, publishType, videoCodec, audioCodec, width, height, bitrate, speed, receivedBytes, session, link);
    }
}
