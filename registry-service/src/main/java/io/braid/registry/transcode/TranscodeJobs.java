package io.braid.registry.transcode;

import io.braid.core.app.AppSettings;
import io.braid.core.app.EncoderSetting;
import io.braid.core.cluster.NodeRole;
import io.braid.core.cluster.NodeStatus;
import io.braid.core.event.Topics;
import io.braid.core.hls.HlsFile;
import io.braid.core.json.Json;
import io.braid.core.transcode.LeaseAnswer;
import io.braid.core.transcode.LeaseRequest;
import io.braid.core.transcode.TranscodeJob;
import io.braid.registry.app.AppStore;
import io.braid.registry.broadcast.BroadcastStore;
import io.braid.registry.node.NodeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides which transcoder runs which stream's ladder. A job exists for every live stream whose broadcast
 * ({@code encoderSettingsList}) or app ({@code encoderSettings}) has a non-empty ladder. Transcoders call in every
 * second: the call renews the leases of the jobs they run and, when they can take more, hands them at most one new
 * job. Streams that started in the last few seconds go to a transcoder with the fewest jobs among those ALIVE and
 * accepting work, so a burst of publishes spreads out; after that any accepting transcoder may take a job, so a job
 * whose transcoder died is taken over as soon as its lease expires.
 */
@ApplicationScoped
public class TranscodeJobs {
    static final long BALANCE_WINDOW_MS = 3_000;
    private static final long LIVE_FRESHNESS_MS = 20_000;
    private static final int MAX_CANDIDATES = 500;

    @Inject
    TranscodeLeases leases;
    @Inject
    BroadcastStore broadcasts;
    @Inject
    AppStore apps;
    @Inject
    NodeStore nodes;

    @ConfigProperty(name = "braid.transcode.lease", defaultValue = "10s")
    Duration leaseTtl;

    public LeaseAnswer call(LeaseRequest request, long now) {
        List<String> asked = request.jobs() == null ? List.of() : request.jobs();
        List<String> held = new ArrayList<>();
        for (Document lease : leases.owned(request.nodeId(), asked)) {
            String key = lease.getString("_id");
            if (stillLive(key, lease.getString("publishSessionId"))) {
                held.add(key);
            } else {
                leases.release(request.nodeId(), key);
            }
        }
        leases.renew(request.nodeId(), held, now + leaseTtl.toMillis());
        TranscodeJob job = request.accepting() ? claim(request.nodeId(), held.size(), now).orElse(null) : null;
        return new LeaseAnswer(held, job);
    }

    public void release(String nodeId, String key) {
        leases.release(nodeId, key);
    }

    private boolean stillLive(String key, String session) {
        int slash = key.indexOf('/');
        return session != null && broadcasts.isLiveSession(key.substring(0, slash), key.substring(slash + 1), session);
    }

    private Optional<TranscodeJob> claim(String nodeId, int running, long now) {
        Map<String, Document> current = new HashMap<>();
        for (Document lease : leases.current(now)) {
            current.put(lease.getString("_id"), lease);
        }
        Map<String, AppSettings> settings = new HashMap<>();
        Boolean fewest = null;
        for (Document b : broadcasts.liveSince(now - LIVE_FRESHNESS_MS, MAX_CANDIDATES)) {
            String app = b.getString("app");
            String streamId = b.getString("streamId");
            String session = b.getString("publishSessionId");
            if (app == null || streamId == null || session == null || HlsFile.isDerived(streamId)) {
                continue;
            }
            String key = Topics.streamKey(app, streamId);
            Document lease = current.get(key);
            if (lease != null && session.equals(lease.getString("publishSessionId"))) {
                continue;
            }
            AppSettings appSettings = settings.computeIfAbsent(app, apps::settings);
            List<EncoderSetting> ladder = ladder(b, appSettings);
            if (ladder.isEmpty()) {
                continue;
            }
            Optional<String> rtmp = originRtmp(b.getString("originNodeId"), now);
            if (rtmp.isEmpty()) {
                continue;
            }
            Number started = b.get("startTime", Number.class);
            if (started != null && now - started.longValue() < BALANCE_WINDOW_MS) {
                if (fewest == null) {
                    fewest = hasFewestJobs(nodeId, running, current, now);
                }
                if (!fewest) {
                    continue;
                }
            }
            if (leases.acquire(key, session, nodeId, now, leaseTtl.toMillis())) {
                return Optional.of(new TranscodeJob(app, streamId, session, b.getString("originNodeId"), rtmp.get() + "/" + app,
                        ladder, appSettings.encoderSelectionPreference(), leaseTtl.toMillis()));
            }
        }
        return Optional.empty();
    }

    /** The broadcast's own ladder when it has one, else its app's. */
    private static List<EncoderSetting> ladder(Document broadcast, AppSettings app) {
        Object own = broadcast.get("encoderSettingsList");
        if (own instanceof List<?> list && !list.isEmpty()) {
            List<EncoderSetting> parsed = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Document d) {
                    parsed.add(Json.read(d.toJson(), EncoderSetting.class).withDefaults());
                }
            }
            return parsed;
        }
        return app.encoderSettings() == null ? List.of() : app.encoderSettings();
    }

    private Optional<String> originRtmp(String originNodeId, long now) {
        if (originNodeId == null) {
            return Optional.empty();
        }
        return nodes.find(originNodeId).filter(n -> NodeStore.statusOf(n, now) == NodeStatus.ALIVE).flatMap(n -> {
            Document ports = n.get("ports", Document.class);
            Number rtmp = ports == null ? null : ports.get("rtmp", Number.class);
            String ip = n.getString("ip");
            return rtmp == null || ip == null ? Optional.empty() : Optional.of("rtmp://" + ip + ":" + rtmp.intValue());
        });
    }

    private boolean hasFewestJobs(String nodeId, int running, Map<String, Document> current, long now) {
        Map<String, Integer> jobs = new HashMap<>();
        for (Document lease : current.values()) {
            jobs.merge(lease.getString("owner"), 1, Integer::sum);
        }
        for (Document n : nodes.list(NodeRole.TRANSCODER.wireName(), null)) {
            String other = n.getString("_id");
            if (!other.equals(nodeId) && NodeStore.statusOf(n, now) == NodeStatus.ALIVE && Boolean.TRUE.equals(n.getBoolean("acceptingWork"))
                    && jobs.getOrDefault(other, 0) < running) {
                return false;
            }
        }
        return true;
    }
}
