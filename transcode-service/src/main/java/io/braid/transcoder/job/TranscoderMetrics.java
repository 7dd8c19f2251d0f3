package io.braid.transcoder.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Prometheus figures per job (speed, encoder queue, dropped frames), refreshed every second. */
@ApplicationScoped
public class TranscoderMetrics {
    @Inject
    MeterRegistry metrics;
    @Inject
    JobRunner runner;

    private MultiGauge speed;
    private MultiGauge queue;
    private MultiGauge dropped;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("braid_transcoder_jobs", runner, r -> r.jobs().size()).description("transcode jobs running").register(metrics);
        speed = MultiGauge.builder("braid_transcoder_job_speed").description("output fps over source fps (1.0 keeps up)").register(metrics);
        queue = MultiGauge.builder("braid_transcoder_encoder_queue").description("frames inside the encoders").register(metrics);
        dropped = MultiGauge.builder("braid_transcoder_dropped_frames").description("frames that could not be decoded or encoded").register(metrics);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (speed == null) {
            return;
        }
        List<MultiGauge.Row<?>> s = new ArrayList<>();
        List<MultiGauge.Row<?>> q = new ArrayList<>();
        List<MultiGauge.Row<?>> d = new ArrayList<>();
        for (RunningJob j : runner.jobs()) {
            Tags tags = Tags.of("app", j.job.app(), "stream", j.job.streamId());
            s.add(MultiGauge.Row.of(tags, j.figures().speed()));
            q.add(MultiGauge.Row.of(tags, j.figures().encoderQueue()));
            d.add(MultiGauge.Row.of(tags, j.figures().droppedFrames()));
        }
        speed.register(s, true);
        queue.register(q, true);
        dropped.register(d, true);
    }
}
