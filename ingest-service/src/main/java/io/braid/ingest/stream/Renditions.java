package io.braid.ingest.stream;

import io.braid.core.hls.HlsFile;

/** The publishing rules for names Ant Media reserves for ABR output: {@code {id}_adaptive} and {@code {id}_{h}p{k}kbps}. */
final class Renditions {
    private Renditions() {
    }

    static boolean isReservedName(String streamId) {
        return HlsFile.isDerived(streamId);
    }

    /** @return null when a transcoder may publish this rendition, else the refusal */
    static String problem(String streamId, String givenKey, InternalKey key) {
        if (HlsFile.isMaster(streamId)) {
            return "invalidStreamName: " + streamId + " names the ABR master playlist, which the origin writes itself";
        }
        if (!key.configured()) {
            return "renditionRefused: " + streamId + " is a rendition name, and this origin has no braid.internal.key to accept transcoders with";
        }
        if (!key.matches(givenKey)) {
            return "renditionRefused: " + streamId + " is a rendition name; only the cluster's transcoders (with its internal key) publish those";
        }
        return null;
    }
}
