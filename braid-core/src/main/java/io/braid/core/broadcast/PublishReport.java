package io.braid.core.broadcast;

/**
 * What an origin tells the registry about a stream it ingests: on publish start, every refresh (10 s), and stop.
 * Figures are Ant Media's ingest stats.
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
        Long receivedBytes) {
}
