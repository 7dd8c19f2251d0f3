package io.braid.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Runs one rendition's scaling, encoding and publishing on a thread of its own, fed with references to the decoded
 * frames (no copies: FFmpeg's frames are reference-counted). The job decodes once and the renditions work in
 * parallel, as the ffmpeg program does with several outputs. The queue is short: a rendition that cannot keep up
 * slows the job down (and shows in its speed) rather than piling up frames.
 */
final class RenditionWorker {
    static final int QUEUE = 8;
    private static final long WAIT_MS = 100;

    private record Item(AVFrame frame, long ptsMs, boolean keyframe, boolean audio, boolean end) {
    }

    private final RenditionOutput output;
    /** The outputs' flag: raised when a rendition fails or finishing takes too long, it aborts blocked writes. */
    private final InterruptFlag interrupt;
    private final Runnable onFailure;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile RuntimeException failure;

    RenditionWorker(RenditionOutput output, InterruptFlag interrupt, Runnable onFailure) {
        this.output = output;
        this.interrupt = interrupt;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name("braid-rendition-" + output.rendition().name()).daemon().start(this::work);
    }

    RenditionOutput output() {
        return output;
    }

    /** Frames waiting for this rendition, in its queue and inside its encoder. */
    int queued() {
        return queue.size() + output.queued();
    }

    void video(AVFrame decoded, long ptsMs, boolean keyframe) {
        put(new Item(av_frame_clone(decoded), ptsMs, keyframe, false, false));
    }

    void audio(AVFrame decoded) {
        put(new Item(av_frame_clone(decoded), 0, false, true, false));
    }

    /** Flushes the encoders, ends the publish and waits for the thread; @throws TranscodeException if it failed */
    void finish() {
        if (failure == null && thread.isAlive()) {
            try {
                while (thread.isAlive() && !queue.offer(new Item(null, 0, false, false, true), WAIT_MS, TimeUnit.MILLISECONDS)) {
                    // the worker is busy or blocked; it drains the queue or dies on the interrupt flag
                }
                thread.join(10_000);
                if (thread.isAlive()) {
                    interrupt.raise(); // a publish that cannot drain in 10 s is abandoned
                    thread.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drop();
        if (failure != null) {
            throw failure;
        }
    }

    /** Call after {@link #finish()}: frees the rendition's encoders and connection. */
    void close() {
        if (!thread.isAlive()) {
            output.close();
        }
    }

    private void put(Item item) {
        try {
            while (!queue.offer(item, WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (failure != null || interrupt.raised() || !thread.isAlive()) {
                    av_frame_free(item.frame());
                    if (failure != null) {
                        throw failure;
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            av_frame_free(item.frame());
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void work() {
        try {
            while (true) {
                Item item = queue.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (interrupt.raised()) {
                        return;
                    }
                    continue;
                }
                if (item.end()) {
                    output.finish();
                    return;
                }
                try {
                    if (item.audio()) {
                        output.audio(item.frame());
                    } else {
                        output.video(item.frame(), item.ptsMs(), item.keyframe());
                    }
                } finally {
                    av_frame_free(item.frame());
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            interrupt.raise();
            onFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drop();
        }
    }

    private void drop() {
        for (Item left = queue.poll(); left != null; left = queue.poll()) {
            av_frame_free(left.frame());
        }
    }
}
