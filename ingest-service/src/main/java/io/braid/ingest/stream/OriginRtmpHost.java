package io.braid.ingest.stream;

import io.braid.core.event.EventIds;
import io.braid.core.hls.HlsFile;
import io.braid.media.hls.HlsPackager;
import io.braid.rtmp.RtmpHost;
import io.braid.rtmp.RtmpMessage;
import io.braid.rtmp.RtmpToFrames;
import io.braid.rtmp.RtmpPlayer;
import io.braid.rtmp.StreamRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * RTMP publish and play on the origin. Publishes go through the {@link PublishGate} (the rules every protocol shares);
 * refusals become RTMP status codes with the reason in the description, which ffmpeg and OBS print. Renditions
 * ({@code {id}_{h}p{k}kbps}) are the transcoders' and follow their own rule.
 */
@ApplicationScoped
public class OriginRtmpHost implements RtmpHost {
    private static final Logger LOG = Logger.getLogger(OriginRtmpHost.class);
    static final String PROTOCOL = "RTMP";
    static final String BAD_NAME = "NetStream.Publish.BadName";
    static final String REJECTED = "NetStream.Publish.Rejected";

    @Inject
    PublishGate gate;
    @Inject
    LiveStreams streams;
    @Inject
    SegmentEvents segmentEvents;
    @Inject
    IngestMetrics metrics;
    @Inject
    InternalKey internalKey;

    @Override
    public CompletionStage<PublishDecision> publish(StreamRequest request) {
        String app = request.app();
        String id = request.streamId();
        if (Renditions.isReservedName(id)) {
            Optional<Admission.Refused> local = gate.localRefusal(app, id, PROTOCOL);
            return local.isPresent() && local.get().kind() != Admission.Refusal.OVERLOAD
                    ? CompletableFuture.completedFuture(decision(local.get())) : publishRendition(request);
        }
        return gate.admit(app, id, PROTOCOL).thenApply(admission -> admission instanceof Admission.Granted g
                ? new PublishDecision.Accepted(metered(gate.start(g, PROTOCOL, null)))
                : decision((Admission.Refused) admission));
    }

    private static PublishDecision decision(Admission.Refused r) {
        return new PublishDecision.Rejected(r.kind() == Admission.Refusal.BAD_NAME || r.kind() == Admission.Refusal.IN_USE ? BAD_NAME : REJECTED,
                r.message());
    }

    /**
     * A transcoder publishing a rendition of a stream live here: it must show the cluster's internal key (so
     * outsiders cannot publish under a rendition's name) and needs no registry claim (the source holds it). A busy
     * origin still takes renditions of the streams it already has.
     */
    private CompletionStage<PublishDecision> publishRendition(StreamRequest request) {
        String app = request.app();
        String id = request.streamId();
        String problem = Renditions.problem(id, request.param(InternalKey.PARAM), internalKey);
        if (problem != null) {
            return refuse("renditionRefused", REJECTED, problem);
        }
        String source = HlsFile.sourceOf(id);
        Optional<LiveStream> sourceStream = streams.live(app, source);
        if (sourceStream.isEmpty()) {
            return refuse("renditionRefused", REJECTED, "renditionRefused: " + app + "/" + source + " is not live on this origin");
        }
        if (!streams.reserve(app, id)) {
            return refuse("streamIdInUse", BAD_NAME, "streamIdInUse: rendition " + id + " is already being published");
        }
        HlsPackager sourceHls = sourceStream.get().hls();
        HlsPackager hls = sourceHls == null ? null
                : streams.renditionPackager(app, id, sourceHls, (segment, after) -> segmentEvents.segmentReady(app, id, source, segment));
        LiveStream stream = new LiveStream(app, id, EventIds.next(), source, false, hls, PROTOCOL, null,
                (s, reason) -> gate.ended(s, reason, PROTOCOL));
        streams.started(stream);
        metrics.streamStarted("rtmp");
        LOG.infof("rendition %s/%s of %s started (from %s)", app, id, source, request.remoteAddress());
        return CompletableFuture.completedFuture(new PublishDecision.Accepted(metered(stream)));
    }

    /** On shutdown: gives the stop reports of the streams just ended a moment to reach the registry. */
    void awaitStopReports(Duration timeout) {
        gate.awaitStopReports(timeout);
    }

    @Override
    public CompletionStage<PlayDecision> play(StreamRequest request, RtmpPlayer player) {
        Optional<LiveStream> stream = streams.live(request.app(), request.streamId());
        if (stream.isEmpty()) {
            return CompletableFuture.completedFuture(new PlayDecision.Rejected("NetStream.Play.StreamNotFound",
                    "no live stream " + request.app() + "/" + request.streamId() + " on this origin"));
        }
        LiveStream s = stream.get();
        s.players().addPlayer(player);
        return CompletableFuture.completedFuture(new PlayDecision.Accepted(() -> s.players().removePlayer(player)));
    }

    private CompletionStage<PublishDecision> refuse(String reason, String code, String description) {
        metrics.rejected("rtmp", reason);
        return CompletableFuture.completedFuture(new PublishDecision.Rejected(code, description));
    }

    /** The publisher's messages become the stream's frames; bytes are counted as they arrive, not by the stream. */
    private PublishSink metered(LiveStream stream) {
        return new MeteredSink(new RtmpToFrames(stream, stream::closed), metrics);
    }

    private record MeteredSink(PublishSink frames, IngestMetrics metrics) implements PublishSink {
        @Override
        public void message(RtmpMessage message) {
            metrics.bytesIn(message.payload().length);
            frames.message(message);
        }

        @Override
        public void closed(String reason) {
            frames.closed(reason);
        }
    }
}
