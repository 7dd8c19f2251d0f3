package io.braid.ingest.stream;

import io.braid.agent.ClusterAgent;
import io.braid.core.app.AppNames;
import io.braid.core.broadcast.PublishReport;
import io.braid.core.broadcast.StreamIds;
import io.braid.core.cluster.NodeState;
import io.braid.core.event.EventIds;
import io.braid.ingest.registry.RegistryClient;
import io.braid.media.hls.HlsOptions;
import io.braid.media.hls.HlsPackager;
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
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The origin's publishing rules, the same for every protocol, in the order that costs least first: a valid stream id,
 * not already live here, this origin not leaving, enough CPU and memory ({@code server.cpu_limit}, {@code server.memory_limit}), a known app
 * under its {@code ingestingStreamLimit}, and finally the registry's claim (which refuses an id live on another ALIVE
 * origin and, with {@code acceptUndefinedStreams=false}, an id never created). Nothing is written anywhere before the
 * claim, so a refused publish leaves no trace but a log line and a counter.
 */
@ApplicationScoped
public class PublishGate implements PublishLifecycle {
    private static final Logger LOG = Logger.getLogger(PublishGate.class);

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

    private final Set<CompletableFuture<Void>> pendingStopReports = ConcurrentHashMap.newKeySet();

    /** The checks that need no network: stream id, app name, this node's resources. */
    public Optional<Admission.Refused> localRefusal(String app, String id, String protocol) {
        String problem = StreamIds.problem(id);
        if (problem != null) {
            return Optional.of(refused(protocol, Admission.Refusal.BAD_NAME, "invalidStreamName", "invalidStreamName: " + problem));
        }
        if (AppNames.problem(app) != null) {
            return Optional.of(refused(protocol, Admission.Refusal.BAD_APP, "invalidApp", "invalidApp: " + AppNames.problem(app)));
        }
        if (agent.state() != NodeState.SERVING) {
            return Optional.of(refused(protocol, Admission.Refusal.UNAVAILABLE, "nodeLeaving", "nodeLeaving: this origin is leaving the cluster; publish again to be sent to another"));
        }
        Optional<String> overloaded = agent.guard().refusal();
        if (overloaded.isPresent()) {
            return Optional.of(refused(protocol, Admission.Refusal.OVERLOAD, "highResourceUsage", overloaded.get()));
        }
        return Optional.empty();
    }

    /** Every rule; a granted publish is reserved here and claimed in the registry until {@link #start} or {@link #abandon}. */
    public CompletionStage<Admission> admit(String app, String id, String protocol) {
        Optional<Admission.Refused> local = localRefusal(app, id, protocol);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(local.get());
        }
        if (!streams.reserve(app, id)) {
            return CompletableFuture.completedFuture(refused(protocol, Admission.Refusal.IN_USE, "streamIdInUse",
                    "streamIdInUse: " + id + " is already being published on this origin"));
        }
        return registry.appSettings(app).thenCompose(settings -> {
            if (settings.isEmpty()) {
                return done(refused(protocol, Admission.Refusal.BAD_APP, "invalidApp", "invalidApp: no application named " + app));
            }
            Integer limit = settings.get().ingestingStreamLimit();
            if (limit != null && limit >= 0 && streams.liveCount(app) >= limit) {
                return done(refused(protocol, Admission.Refusal.OVERLOAD, "ingestingStreamLimit",
                        "ingestingStreamLimit: " + app + " allows " + limit + " streams per origin"));
            }
            // Settings are read before the claim so that nothing is claimed for a publish that cannot go ahead.
            HlsOptions hls = Boolean.FALSE.equals(settings.get().hlsMuxingEnabled()) ? null
                    : HlsOptions.of(settings.get().hlsTime(), settings.get().hlsListSize(), settings.get().hlsPlayListType());
            boolean originalInMaster = !Boolean.FALSE.equals(settings.get().addOriginalMuxerIntoHLSPlaylist());
            String session = EventIds.next();
            PublishReport claim = new PublishReport(agent.self().nodeId(), agent.self().ip(), protocol, null, null, null, null, null, null, 0L, session);
            return registry.publishStarted(app, id, claim).thenApply(answer -> answer.granted()
                    ? (Admission) new Admission.Granted(app, id, session, hls, originalInMaster, settings.get().srtPassphrase())
                    : refused(protocol, answer.status() == 409 ? Admission.Refusal.IN_USE : Admission.Refusal.FORBIDDEN,
                            answer.status() == 409 ? "streamIdInUse" : answer.status() == 403 ? "notAllowedUnregisteredStreams" : "refusedByRegistry",
                            answer.refusal()));
        }).exceptionally(error -> {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warnf("registry unavailable while deciding on %s/%s: %s", app, id, cause.toString());
            return refused(protocol, Admission.Refusal.UNAVAILABLE, "registryUnavailable", "registryUnavailable: " + cause.getMessage());
        }).whenComplete((admission, error) -> {
            if (!(admission instanceof Admission.Granted)) {
                streams.release(app, id);
            }
        });
    }

    @Override
    public LiveStream start(Admission.Granted g, String protocol, Supplier<io.braid.core.broadcast.LinkStats> link) {
        HlsPackager hls = g.hls() == null ? null
                : streams.packager(g.app(), g.streamId(), g.hls(), (segment, after) -> segmentEvents.segmentReady(g.app(), g.streamId(), null, segment));
        LiveStream stream = new LiveStream(g.app(), g.streamId(), g.session(), null, g.originalInMaster(), hls, protocol, link,
                (s, reason) -> ended(s, reason, protocol));
        streams.started(stream);
        metrics.streamStarted(protocol.toLowerCase(java.util.Locale.ROOT));
        LOG.infof("publishing %s/%s over %s", g.app(), g.streamId(), protocol);
        return stream;
    }

    @Override
    public void abandon(Admission.Granted g, String protocol) {
        streams.release(g.app(), g.streamId());
        report(registry.publishStopped(g.app(), g.streamId(),
                new PublishReport(agent.self().nodeId(), agent.self().ip(), protocol, null, null, null, null, null, null, 0L, g.session())), g.app(), g.streamId());
    }

    void ended(LiveStream stream, String reason, String protocol) {
        streams.ended(stream);
        metrics.streamEnded(protocol.toLowerCase(java.util.Locale.ROOT));
        LOG.infof("publish of %s/%s ended: %s", stream.app(), stream.streamId(), reason);
        if (stream.isRendition()) {
            return;
        }
        stream.sampleRates();
        report(registry.publishStopped(stream.app(), stream.streamId(), stream.report(agent.self().nodeId(), agent.self().ip())),
                stream.app(), stream.streamId());
    }

    private void report(CompletableFuture<Void> stop, String app, String id) {
        CompletableFuture<Void> report = stop.exceptionally(error -> {
            LOG.warnf("could not report the end of %s/%s to the registry: %s", app, id, error.toString());
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

    private Admission.Refused refused(String protocol, Admission.Refusal kind, String reason, String message) {
        metrics.rejected(protocol.toLowerCase(java.util.Locale.ROOT), reason);
        return new Admission.Refused(kind, reason, message);
    }

    private static CompletionStage<Admission> done(Admission a) {
        return CompletableFuture.completedFuture(a);
    }
}
