package io.braid.ingest.stream;

import io.braid.agent.LocalFigures;
import io.braid.core.cluster.NodeLoad;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The origin's load in its heartbeat and system-resources-info: live streams, RTMP players, ingest bitrate. */
@ApplicationScoped
public class IngestFigures implements LocalFigures {
    @Inject
    LiveStreams streams;

    @Override
    public NodeLoad load() {
        int live = 0;
        int players = 0;
        long bitrate = 0;
        for (LiveStream s : streams.all()) {
            if (!s.isRendition()) {
                live++;
            }
            players += s.players().playerCount();
            bitrate += s.bitrate();
        }
        return new NodeLoad(live, 0, 0, 0, 0, players, 0, bitrate);
    }
}
