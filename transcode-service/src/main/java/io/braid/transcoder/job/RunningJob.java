package io.braid.transcoder.job;

import io.braid.core.transcode.TranscodeJob;
import io.braid.transcode.JobFigures;
import io.braid.transcode.Rendition;
import java.util.List;

/** A job this transcoder runs: the registry's job, the pipeline, and what it has said of itself so far. */
final class RunningJob {
    final TranscodeJob job;
    final io.braid.transcode.TranscodeJob pipeline;
    final long startedAt = System.currentTimeMillis();
    volatile List<Rendition> renditions = List.of();
    volatile String encoder = "";
    volatile String fallbackReason;
    volatile Thread thread;

    RunningJob(TranscodeJob job, io.braid.transcode.TranscodeJob pipeline) {
        this.job = job;
        this.pipeline = pipeline;
    }

    JobFigures figures() {
        return pipeline.figures();
    }

    String key() {
        return job.key();
    }
}
