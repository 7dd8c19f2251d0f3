package io.braid.transcode;

/**
 * Measures a live job's speed over one-second windows: source media time advanced over wall time elapsed, and the
 * share of that wall time spent working. A job is behind once it has run slower than {@code minSpeed} while busy for
 * {@code behindAfterMs}: a slow source (the publisher's network) makes the speed drop too, but then the job idles,
 * and that is not the transcoder's fault.
 */
final class SpeedMeter {
    static final double MIN_SPEED = 0.95;
    static final double BUSY = 0.9;
    static final long BEHIND_AFTER_MS = 10_000;
    private static final long WINDOW_MS = 1_000;

    private long windowStartWall = -1;
    private long windowStartMedia = -1;
    private long workNanos;
    private long slowSince = -1;
    private double speed = 1;
    private double busy;
    private boolean behind;

    /** A frame at media time {@code mediaMs} was finished at wall time {@code wallMs} after {@code nanos} of work. */
    void frame(long mediaMs, long wallMs, long nanos) {
        workNanos += nanos;
        if (windowStartWall < 0) {
            windowStartWall = wallMs;
            windowStartMedia = mediaMs;
            return;
        }
        long wall = wallMs - windowStartWall;
        if (wall < WINDOW_MS) {
            return;
        }
        speed = Math.max(0, (mediaMs - windowStartMedia) / (double) wall);
        busy = Math.min(1, workNanos / 1e6 / wall);
        boolean slow = speed < MIN_SPEED && busy >= BUSY;
        if (!slow) {
            slowSince = -1;
        } else if (slowSince < 0) {
            slowSince = windowStartWall;
        }
        behind = slowSince >= 0 && wallMs - slowSince >= BEHIND_AFTER_MS;
        windowStartWall = wallMs;
        windowStartMedia = mediaMs;
        workNanos = 0;
    }

    double speed() {
        return speed;
    }

    double busy() {
        return busy;
    }

    boolean behind() {
        return behind;
    }
}
