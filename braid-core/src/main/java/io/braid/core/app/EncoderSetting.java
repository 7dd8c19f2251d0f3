package io.braid.core.app;

/**
 * One rung of the ABR ladder, in Ant Media's format: bitrates in bit/s, height in pixels.
 * {@code forceEncode} defaults to true and {@code forceSameResolutionEncode} to false, as in Ant Media.
 */
public record EncoderSetting(int height, int videoBitrate, int audioBitrate, Boolean forceEncode, Boolean forceSameResolutionEncode) {

    public static final int MAX_HEIGHT = 4320;

    /** @return null when valid, else a message saying what is wrong */
    public String problem() {
        if (height < 16 || height > MAX_HEIGHT) {
            return "encoderSettings.height must be between 16 and " + MAX_HEIGHT + ", got " + height;
        }
        if (videoBitrate < 1000 || videoBitrate > 200_000_000) {
            return "encoderSettings.videoBitrate is in bit/s and must be between 1000 and 200000000, got " + videoBitrate;
        }
        if (audioBitrate < 0 || audioBitrate > 1_000_000) {
            return "encoderSettings.audioBitrate is in bit/s and must be between 0 and 1000000, got " + audioBitrate;
        }
        return null;
    }

    public EncoderSetting withDefaults() {
        return new EncoderSetting(height, videoBitrate, audioBitrate,
                forceEncode == null ? Boolean.TRUE : forceEncode,
                forceSameResolutionEncode == null ? Boolean.FALSE : forceSameResolutionEncode);
    }
}
