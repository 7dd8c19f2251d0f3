package io.braid.ingest.stream;

import io.braid.agent.ClusterAgent;
import io.braid.core.app.AppNames;
import io.braid.core.broadcast.PublishReport;
import io.braid.core.broadcast.StreamIds;
import io.braid.core.event.EventIds;
import io.braid.ingest.registry.RegistryClient;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
import io.braid.rtmp.RtmpHost;
import io.braid.rtmp.RtmpPlayer;
import io.braid.rtmp.StreamRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The origin's publishing rules, in the order that costs least first: a valid stream id, not already live here,
 * enough CPU and memory ({@code server.cpu_limit}, {@code server.memory_limit}), a known app under its
 * {@code ingestingStreamLimit}, and finally the registry's claim (which refuses an id live on another ALIVE origin
 * and, with {@code acceptUndefinedStreams=false}, an id never created). Nothing is written anywhere before the
 * claim, so a refused publish leaves no trace but a log line and a counter.
 */
@ApplicationScoped
public class OriginRtmpHost implements RtmpHost {
    private static final Logger LOG = Logger.getLogger(OriginRtmpHost.class);
    private static final String PROTOCOL = "rtmp";
    static final String BAD_NAME = "NetStream.Publish.BadName";
    static final String REJECTED = "NetStream.Publish.Rejected";

    @Inject
    ClusterAgent agent;
    @Inject
    RegistryClient registry;
    @Inject
    LiveStreams streams;
    @Inject
    SegmentEvents segmentEvents;
    @Inject
    IngestMetrics metrics;
    @Inject
    InternalKey internalKey;

    private final Set<CompletableFuture<Void>> pendingStopReports = ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<PublishDecision> publish(StreamRequest request) {
        String app = request.app();
        String id = request.streamId();
        String problem = StreamIds.problem(id);
        if (problem != null) {
            return refuse("invalidStreamName", BAD_NAME, "invalidStreamName: " + problem);
        }
        if (AppNames.problem(app) != null) {
            return refuse("invalidApp", REJECTED, "invalidApp: " + AppNames.problem(app));
        }
        if (Renditions.isReservedName(id)) {
            return publishRendition(request);
        }
        Optional<String> overloaded = agent.guard().refusal();
        if (overloaded.isPresent()) {
            return refuse("highResourceUsage", REJECTED, overloaded.get());
        }
        if (!streams.reserve(app, id)) {
            return refuse("streamIdInUse", BAD_NAME, "streamIdInUse: " + id + " is already being published on this origin");
        }
        return registry.appSettings(app).thenCompose(settings -> {
            if (settings.isEmpty()) {
                return refuse("invalidApp", REJECTED, "invalidApp: no application named " + app);
            }
            Integer limit = settings.get().ingestingStreamLimit();
            if (limit != null && limit >= 0 && streams.liveCount(app) >= limit) {
                return refuse("ingestingStreamLimit", REJECTED, "ingestingStreamLimit: " + app + " allows " + limit + " streams per origin");
            }
            // Settings are read before the claim so that nothing is claimed for a publish that cannot go ahead.
            HlsOptions hls = Boolean.FALSE.equals(settings.get().hlsMuxingEnabled()) ? null
                    : HlsOptions.of(settings.get().hlsTime(), settings.get().hlsListSize(), settings.get().hlsPlayListType());
            boolean originalInMaster = !Boolean.FALSE.equals(settings.get().addOriginalMuxerIntoHLSPlaylist());
            String session = EventIds.next();
            PublishReport claim = new PublishReport(agent.self().nodeId(), agent.self().ip(), "RTMP", null, null, null, null, null, null, 0L, session);
            return registry.publishStarted(app, id, claim).thenApply(answer -> answer.granted()
                    ? accept(app, id, session, hls, originalInMaster)
                    : rejected(answer.status() == 409 ? "streamIdInUse" : answer.status() == 403 ? "notAllowedUnregisteredStreams" : "refusedByRegistry",
                            answer.status() == 409 ? BAD_NAME : REJECTED, answer.refusal()));
        }).exceptionally(error -> {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warnf("registry unavailable while deciding on %s/%s: %s", app, id, cause.toString());
            return rejected("registryUnavailable", REJECTED, "registryUnavailable: " + cause.getMessage());
        }).whenComplete((decision, error) -> {
            if (!(decision instanceof PublishDecision.Accepted)) {
                streams.release(app, id);
            }
        });
    }

    private PublishDecision accept(String app, String id, String session, HlsOptions options, boolean originalInMaster) {
        HlsPackager hls = options == null ? null
                : streams.packager(app, id, options, (segment, after) -> segmentEvents.segmentReady(app, id, null, segment));
        LiveStream stream = new LiveStream(app, id, session, null, originalInMaster, hls, this::ended);
        streams.started(stream);
        metrics.streamStarted(PROTOCOL);
        LOG.infof("publishing %s/%s", app, id);
        return new PublishDecision.Accepted(new MeteredSink(stream, metrics));
    }

    /**
     * A transcoder publishing a rendition of a stream live here: it must show the cluster's internal key (so
     * outsiders cannot publish under a rendition's name) and needs no registry claim (the source holds it).
     */
    private CompletionStage<PublishDecision> publishRendition(StreamRequest request) {
        String app = request.app();
        String id = request.streamId();
        String problem = Renditions.problem(id, request.param(InternalKey.PARAM), internalKey);
        if (problem != null) {
            return refuse("renditionRefused", REJECTED, problem);
        }
        String source = io.braid.core.hls.HlsFile.sourceOf(id);
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
        LiveStream stream = new LiveStream(app, id, EventIds.next(), source, false, hls, this::ended);
        streams.started(stream);
        metrics.streamStarted(PROTOCOL);
        LOG.infof("rendition %s/%s of %s started (from %s)", app, id, source, request.remoteAddress());
        return CompletableFuture.completedFuture(new PublishDecision.Accepted(new MeteredSink(stream, metrics)));
    }

    private void ended(LiveStream stream, String reason) {
        streams.ended(stream);
        metrics.streamEnded(PROTOCOL);
        LOG.infof("publish of %s/%s ended: %s", stream.app(), stream.streamId(), reason);
        if (stream.isRendition()) {
            return;
        }
        stream.sampleRates();
        CompletableFuture<Void> report = registry.publishStopped(stream.app(), stream.streamId(), stream.report(agent.self().nodeId(), agent.self().ip()))
                .exceptionally(error -> {
                    LOG.warnf("could not report the end of %s/%s to the registry: %s", stream.app(), stream.streamId(), error.toString());
                    return null;
                });
        pendingStopReports.add(report);
        report.whenComplete((ok, error) -> pendingStopReports.remove(report));
    }

    /** On shutdown: gives the stop reports of the streams just ended a moment to reach the registry. */
    void awaitStopReports(Duration timeout) {
        try {
            CompletableFuture.allOf(pendingStopReports.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("%d stop reports had not reached the registry at shutdown; those streams will read terminated_unexpectedly",
                    pendingStopReports.size());
        }
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
        return CompletableFuture.completedFuture(rejected(reason, code, description));
    }

    private PublishDecision rejected(String reason, String code, String description) {
        metrics.rejected(PROTOCOL, reason);
        return new PublishDecision.Rejected(code, description);
    }

    /** Counts bytes in as they arrive, without the stream knowing about metrics. */
    private record MeteredSink(LiveStream stream, IngestMetrics metrics) implements PublishSink {
        @Override
        public void message(io.braid.rtmp.RtmpMessage message) {
            metrics.bytesIn(message.payload().length);
            stream.message(message);
        }

        @Override
        public void closed(String reason) {
            stream.closed(reason);
        }
    }
}
