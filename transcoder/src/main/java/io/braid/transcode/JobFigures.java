package io.braid.transcode;

/**
 * What a running job reports: {@code speed} is output frame rate over the source's (about 1.0 while it keeps up with
 * a live source), {@code busy} the share of wall time spent decoding, scaling and encoding (near 1.0 means this job
 * is the bottleneck), {@code encoderQueue} the frames inside the encoders not yet out, {@code droppedFrames} frames
 * that could not be decoded or encoded, and {@code behind} whether it has been slower than real time for a while.
 */
public record JobFigures(double speed, double busy, int encoderQueue, long droppedFrames, long encodedFrames, boolean behind,
        String videoDecoder, String videoEncoder) {

    public static final JobFigures STARTING = new JobFigures(0, 0, 0, 0, 0, false, "", "");
}
