package io.braid.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Keeps every core of this machine busy until closed, so nodes see their CPU at or over a low limit. */
final class CpuLoad implements AutoCloseable {
    private final AtomicBoolean burn = new AtomicBoolean(true);
    private final List<Thread> burners = new ArrayList<>();

    CpuLoad() {
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            burners.add(Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (burn.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }));
        }
    }

    @Override
    public void close() throws InterruptedException {
        burn.set(false);
        for (Thread t : burners) {
            t.join();
        }
    }
}
