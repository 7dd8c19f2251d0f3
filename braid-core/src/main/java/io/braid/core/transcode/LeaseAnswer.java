package io.braid.core.transcode;

import java.util.List;

/** The registry's answer: which of the asked jobs the transcoder still holds, and a new job for it, if any. */
public record LeaseAnswer(List<String> held, TranscodeJob newJob) {
}
