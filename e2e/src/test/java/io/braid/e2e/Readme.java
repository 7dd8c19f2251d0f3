package io.braid.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** Commands read from the README, so a test runs what a newcomer copies, and fails if the README drifts from it. */
final class Readme {
    private Readme() {
    }

    /** The README's RTMP publish command (the first {@code ffmpeg ... -f flv rtmp://...}), its continuation lines joined. */
    static String publishCommand() {
        List<String> lines;
        try {
            lines = Files.readAllLines(BraidCli.ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder command = new StringBuilder();
        for (String line : lines) {
            String text = line.strip();
            if (command.isEmpty() && !text.startsWith("ffmpeg ")) {
                continue;
            }
            boolean continues = text.endsWith("\\");
            command.append(continues ? text.substring(0, text.length() - 1).strip() + " " : text);
            if (!continues) {
                if (command.toString().contains("-f flv rtmp://")) {
                    return command.toString();
                }
                command.setLength(0);
            }
        }
        throw new AssertionError("README.md has no 'ffmpeg ... -f flv rtmp://...' publish command");
    }
}
