package io.braid.ingest.stream;

import io.braid.media.hls.HlsOptions;

/** The answer to a publish: granted (the stream is reserved here and claimed in the registry) or refused, with why. */
public sealed interface Admission {

    /** What a refusal is about; each protocol maps it to its own codes (RTMP status, SRT reject reason). */
    enum Refusal {
        BAD_NAME, BAD_APP, OVERLOAD, IN_USE, FORBIDDEN, UNAVAILABLE
    }

    record Granted(String app, String streamId, String session, HlsOptions hls, boolean originalInMaster, String srtPassphrase)
            implements Admission {
    }

    /** @param reason a short word for metrics (invalidStreamName, streamIdInUse...); @param message what the client is told */
    record Refused(Refusal kind, String reason, String message) implements Admission {
    }
}
