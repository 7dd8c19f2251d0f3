package io.braid.testkit;

import io.braid.core.process.ParentWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A JVM this process starts and owns: its output goes to a log file, it is told our pid so it ends itself if we die
 * (see {@link ParentWatch}), and it is stopped by a shutdown hook if nobody closed it.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::stopNow, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code java [jvmArgs] -Dbraid.parent.pid=<us> [mainArgs]} with output appended to {@code log}. */
    public static ChildProcess startJava(String name, List<String> jvmAndMainArgs, Path log, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid());
        command.addAll(jvmAndMainArgs);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (workDir != null) {
                Files.createDirectories(workDir);
                builder.directory(workDir.toFile());
            }
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until {@code ready} holds; fails with the log's tail if the process dies or time runs out. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready:\n" + logTail(40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        String tail = logTail(40);
        stopNow();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s:\n" + tail);
    }

    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Kills the process at once, as a crash would (no graceful shutdown). */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stopNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running or ran
        }
    }

    private void stopNow() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(15))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(5));
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
