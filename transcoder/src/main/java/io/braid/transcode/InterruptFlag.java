package io.braid.transcode;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's way to abort a blocking read, connect or write: it polls this callback, and a job being stopped answers
 * 1. Without it, stopping a job whose source has stalled would wait for the network timeout.
 */
final class InterruptFlag extends AVIOInterruptCB.Callback_Pointer {
    private volatile boolean raised;

    void raise() {
        raised = true;
    }

    boolean raised() {
        return raised;
    }

    @Override
    public int call(Pointer opaque) {
        return raised ? 1 : 0;
    }

    AVIOInterruptCB callback() {
        AVIOInterruptCB cb = new AVIOInterruptCB();
        cb.callback(this);
        return cb;
    }
}
