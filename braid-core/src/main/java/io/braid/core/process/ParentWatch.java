package io.braid.core.process;

import java.util.Optional;

/**
 * Ends this JVM when the process that launched it is gone. Test harnesses and {@code bin/braid} pass their pid in
 * {@value #PROPERTY}, so a killed test run or launcher never leaves brokers or services running behind it.
 */
public final class ParentWatch {
    public static final String PROPERTY = "braid.parent.pid";

    private ParentWatch() {
    }

    /** Starts the watch if {@value #PROPERTY} is set; returns whether it did. */
    public static boolean startFromSystemProperty() {
        String pid = System.getProperty(PROPERTY);
        if (pid == null || pid.isBlank()) {
            return false;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        if (parent.isEmpty()) {
            System.err.println("braid: parent process " + pid + " is gone; exiting");
            Runtime.getRuntime().halt(3);
        }
        ProcessHandle handle = parent.get();
        Thread watcher = Thread.ofPlatform().daemon().name("braid-parent-watch").unstarted(() -> {
            while (handle.isAlive()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("braid: parent process " + pid + " ended; shutting down");
            System.exit(3);
        });
        watcher.start();
        return true;
    }
}
