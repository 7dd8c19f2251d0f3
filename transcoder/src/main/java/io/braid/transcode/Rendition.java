package io.braid.transcode;

/** One output of a job: a concrete size and bitrates, published as the stream {@code name}. */
public record Rendition(String name, int width, int height, int videoBitrate, int audioBitrate) {

    /** Ant Media's rendition name: {@code {streamId}_{height}p{kbps}kbps}. */
    public static String name(String streamId, int height, int videoBitrate) {
        return streamId + "_" + height + "p" + videoBitrate / 1000 + "kbps";
    }
}
