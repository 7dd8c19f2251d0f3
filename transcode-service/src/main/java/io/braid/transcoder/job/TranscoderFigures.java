package io.braid.transcoder.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.agent.LocalFigures;
import io.braid.core.cluster.NodeLoad;
import io.braid.transcode.GpuProbe;
import io.braid.transcode.JobFigures;
import io.braid.transcode.Rendition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The transcoder's part of its heartbeat and system-resources-info: jobs as {@code localLiveStreams}, the deepest
 * encoder queue, each job's speed and drops, and the GPUs ({@code gpuUsageInfo}, from nvidia-smi, read at most every
 * 5 s). A job slower than real time makes the node refuse new work until it recovers.
 */
@ApplicationScoped
public class TranscoderFigures implements LocalFigures {
    private static final long GPU_READ_EVERY_MS = 5_000;

    @Inject
    JobRunner runner;

    private volatile List<GpuProbe.GpuUsage> gpus = List.of();
    private volatile long gpusReadAt;

    @Override
    public NodeLoad load() {
        int jobs = 0;
        int queue = 0;
        for (RunningJob j : runner.jobs()) {
            jobs++;
            queue += j.figures().encoderQueue();
        }
        return new NodeLoad(jobs, 0, 0, 0, 0, 0, queue, 0);
    }

    @Override
    public Optional<String> refusal() {
        for (RunningJob j : runner.jobs()) {
            if (j.figures().behind()) {
                return Optional.of("job " + j.key() + " runs slower than real time (speed " + j.figures().speed() + ")");
            }
        }
        return Optional.empty();
    }

    @Override
    public void describe(ObjectNode resources) {
        ArrayNode gpuInfo = resources.putArray("gpuUsageInfo");
        for (GpuProbe.GpuUsage g : gpus()) {
            gpuInfo.addObject().put("index", g.index()).put("name", g.name()).put("gpuUtilization", g.gpuUtilization())
                    .put("memoryUtilization", g.memoryUtilization()).put("memoryUsed", g.memoryUsedMiB() << 20)
                    .put("memoryTotal", g.memoryTotalMiB() << 20);
        }
        ArrayNode jobs = resources.putArray("transcodeJobs");
        for (RunningJob j : runner.jobs()) {
            JobFigures f = j.figures();
            ObjectNode o = jobs.addObject().put("app", j.job.app()).put("streamId", j.job.streamId()).put("speed", f.speed())
                    .put("busy", f.busy()).put("encoderQueueSize", f.encoderQueue()).put("dropFrameCountInEncoding", f.droppedFrames())
                    .put("encodedFrames", f.encodedFrames()).put("behind", f.behind()).put("videoDecoder", f.videoDecoder())
                    .put("videoEncoder", j.encoder);
            if (j.fallbackReason != null) {
                o.put("fallbackReason", j.fallbackReason);
            }
            ArrayNode names = o.putArray("renditions");
            for (Rendition r : j.renditions) {
                names.add(r.name());
            }
        }
    }

    private List<GpuProbe.GpuUsage> gpus() {
        long now = System.currentTimeMillis();
        if (now - gpusReadAt > GPU_READ_EVERY_MS) {
            gpusReadAt = now;
            gpus = GpuProbe.usage();
        }
        return gpus;
    }
}
