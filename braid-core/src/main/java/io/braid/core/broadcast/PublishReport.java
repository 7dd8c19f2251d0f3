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
        LinkStats link,
        String webRTCVideo) {

    /** What WebRTC viewers get of a stream whose video has B-frames, and why (the {@code webRTCVideo} field). */
    public static final String WEBRTC_REENCODED = "re-encoded without B-frames on each edge that serves WebRTC: the published "
            + "H.264 has B-frames (frame reordering), which browsers' WebRTC decoders cannot play";
    /** What WebRTC viewers get of a stream without B-frames. */
    public static final String WEBRTC_AS_PUBLISHED = "as published";

    /** A report without the WebRTC note. */
    public PublishReport(String nodeId, String originAdress, String publishType, String videoCodec, String audioCodec, Integer width,
            Integer height, Long bitrate, Double speed, Long receivedBytes, String sessionId, LinkStats link) {
        this(nodeId, originAdress, publishType, videoCodec, audioCodec, width, height, bitrate, speed, receivedBytes, sessionId, link, null);
    }

    /** A report without link figures (RTMP: TCP hides them). */
    public PublishReport(String nodeId, String originAdress, String publishType, String videoCodec, String audioCodec, Integer width,
            Integer height, Long bitrate, Double speed, Long receivedBytes, String sessionId) {
        this(nodeId, originAdress, publishType, videoCodec, audioCodec, width, height, bitrate, speed, receivedBytes, sessionId, null);
    }

    /** Same figures, for one publish session: refresh and stop then apply only to that session's claim. */
    public PublishReport withSession(String session) {
        return new PublishReport(nodeId, originAdress, publishType, videoCodec, audioCodec, width, height, bitrate, speed, receivedBytes, session, link,
                webRTCVideo);
    }
}
