package io.braid.transcoder.job;

import io.braid.agent.ClusterAgent;
import io.braid.agent.events.EventPublisher;
import io.braid.core.app.EncoderSetting;
import io.braid.core.event.EventIds;
import io.braid.core.event.RenditionEvent;
import io.braid.core.event.Topics;
import io.braid.core.transcode.LeaseAnswer;
import io.braid.core.transcode.LeaseRequest;
import io.braid.core.transcode.TranscodeJob;
import io.braid.transcode.EncoderPreference;
import io.braid.transcode.LadderRung;
import io.braid.transcode.Rendition;
import io.braid.transcode.TranscodeException;
import io.braid.transcoder.registry.LeaseClient;
import io.braid.agent.lifecycle.NodeDrain;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Takes jobs from the registry and runs them, one platform thread each (the pipeline blocks in FFmpeg). Every poll
 * renews the leases of the running jobs and, while this node accepts work, may bring one new job. A job whose lease
 * the registry no longer confirms (its source ended, or the registry gave it to another transcoder after this one
 * went silent) is stopped; so is every job when the registry cannot be reached for longer than a lease, so that a
 * stream never has two transcodes for long.
 */
@ApplicationScoped
public class JobRunner implements NodeDrain {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    ClusterAgent agent;
    @Inject
    LeaseClient registry;
    @Inject
    EventPublisher events;
    @ConfigProperty(name = "braid.internal.key")
    Optional<String> internalKey;

    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private volatile long lastRenewed = System.currentTimeMillis();
    private volatile long leaseMs = 10_000;
    private volatile boolean stopping;

    public Collection<RunningJob> jobs() {
        return running.values();
    }

    @Scheduled(every = "${braid.transcoder.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (stopping) {
            return;
        }
        long now = System.currentTimeMillis();
        LeaseAnswer answer;
        try {
            answer = registry.call(new LeaseRequest(agent.self().nodeId(), new ArrayList<>(running.keySet()), mayTakeWork()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (now - lastRenewed > leaseMs && !running.isEmpty()) {
                LOG.warnf("registry unreachable for %d ms (%s): stopping %d jobs, whose leases have expired", now - lastRenewed, e.toString(), running.size());
                running.values().forEach(j -> j.pipeline.stop());
            }
            return;
        }
        lastRenewed = now;
        for (RunningJob j : running.values()) {
            if (!answer.held().contains(j.key())) {
                LOG.infof("job %s is no longer ours (source ended or lease lost): stopping it", j.key());
                j.pipeline.stop();
            }
        }
        if (answer.newJob() != null && !running.containsKey(answer.newJob().key())) {
            start(answer.newJob());
        }
    }

    private boolean mayTakeWork() {
        return agent.mayAcceptWork() && internalKey.filter(k -> !k.isBlank()).isPresent();
    }

    private void start(TranscodeJob job) {
        leaseMs = job.leaseMs();
        String key = URLEncoder.encode(internalKey.orElse(""), StandardCharsets.UTF_8);
        List<LadderRung> ladder = new ArrayList<>();
        for (EncoderSetting s : job.ladder()) {
            ladder.add(new LadderRung(s.height(), s.videoBitrate(), s.audioBitrate(), !Boolean.FALSE.equals(s.forceEncode())));
        }
        EncoderPreference preference;
        try {
            preference = EncoderPreference.parse(job.encoderSelectionPreference());
        } catch (IllegalArgumentException e) {
            preference = EncoderPreference.GPU_AND_CPU;
        }
        RunningJob[] self = new RunningJob[1];
        io.braid.transcode.TranscodeJob pipeline = new io.braid.transcode.TranscodeJob(new io.braid.transcode.TranscodeJob.Spec(
                job.originRtmpUrl() + "/" + job.streamId(), job.streamId(), ladder, preference,
                rendition -> job.originRtmpUrl() + "/" + rendition + "?braidKey=" + key),
                (renditions, decoder, encoder, why) -> started(self[0], renditions, decoder, encoder, why));
        RunningJob r = new RunningJob(job, pipeline);
        self[0] = r;
        running.put(job.key(), r);
        r.thread = Thread.ofPlatform().name("braid-transcode-" + job.key()).start(() -> run(r));
        LOG.infof("took job %s (publish session %s) from %s", job.key(), job.publishSessionId(), job.originRtmpUrl());
    }

    private void run(RunningJob r) {
        String outcome;
        try {
            outcome = r.pipeline.run();
        } catch (TranscodeException e) {
            outcome = "failed: " + e.getMessage();
        } catch (RuntimeException | Error e) {
            outcome = "failed: " + e;
            LOG.error("job " + r.key() + " crashed", e);
        }
        LOG.infof("job %s ended after %d s: %s", r.key(), (System.currentTimeMillis() - r.startedAt) / 1000, outcome);
        running.remove(r.key(), r);
        if (!stopping) {
            try {
                registry.release(agent.self().nodeId(), r.job.app(), r.job.streamId());
            } catch (Exception e) {
                LOG.debugf("could not release %s (its lease will expire): %s", r.key(), e.toString());
            }
        }
    }

    private void started(RunningJob r, List<Rendition> renditions, String decoder, String encoder, String why) {
        r.renditions = renditions;
        r.encoder = encoder;
        r.fallbackReason = why;
        if (why != null) {
            LOG.infof("job %s encodes with %s (decoding with %s): %s", r.key(), encoder, decoder, why);
        } else {
            LOG.infof("job %s encodes with %s (decoding with %s)", r.key(), encoder, decoder);
        }
        long now = System.currentTimeMillis();
        for (Rendition x : renditions) {
            events.publish(Topics.STREAM_EVENTS, Topics.streamKey(r.job.app(), r.job.streamId()), new RenditionEvent(RenditionEvent.TYPE,
                    RenditionEvent.VERSION, EventIds.next(), now, r.job.app(), r.job.streamId(), x.name(), x.width(), x.height(),
                    x.videoBitrate(), x.audioBitrate(), encoder, why, agent.self().nodeId()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        drain();
    }

    /**
     * Stops every job and hands its lease back at once, so another transcoder takes it without waiting for expiry
     * (the node's planned leave, and again at shutdown, where it finds nothing left to do).
     */
    @Override
    public synchronized void drain() {
        stopping = true;
        List<RunningJob> jobs = new ArrayList<>(running.values());
        jobs.forEach(j -> j.pipeline.stop());
        for (RunningJob j : jobs) {
            try {
                if (j.thread != null) {
                    j.thread.join(5_000);
                }
                registry.release(agent.self().nodeId(), j.job.app(), j.job.streamId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("could not release %s at shutdown (its lease will expire): %s", j.key(), e.toString());
            }
        }
    }
}
