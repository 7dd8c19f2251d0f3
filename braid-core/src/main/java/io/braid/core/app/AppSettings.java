package io.braid.core.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-application settings, a subset of Ant Media's AppSettings with the same names, types and defaults
 * (hlsTime and hlsListSize are strings there, so they are strings here). Unknown Ant Media fields are accepted
 * and ignored so existing tooling can post its whole settings object. As in Ant Media, a POST replaces the
 * settings: a field left out (null) goes back to its default.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppSettings(
        String appName,
        List<EncoderSetting> encoderSettings,
        String encoderSettingsString,
        String hlsTime,
        String hlsListSize,
        String hlsPlayListType,
        Boolean hlsMuxingEnabled,
        Boolean dashMuxingEnabled,
        Boolean webRTCEnabled,
        Boolean acceptUndefinedStreams,
        Boolean addOriginalMuxerIntoHLSPlaylist,
        String encoderSelectionPreference,
        Integer hlsViewerLimit,
        Integer dashViewerLimit,
        Integer webRTCViewerLimit,
        Integer ingestingStreamLimit,
        String srtPassphrase,
        Long updateTime) {

    public static final int MAX_LADDER_RUNGS = 10;
    private static final List<String> ENCODER_PREFERENCES = List.of("gpu_and_cpu", "cpu_only", "gpu_only");

    public static AppSettings defaults(String appName) {
        return new AppSettings(appName, List.of(), null, "2", "15", "", true, false, true, true, true,
                "gpu_and_cpu", -1, -1, -1, -1, "", 0L);
    }

    /** Fills every null with its default and turns a legacy {@code encoderSettingsString} into the ladder. */
    public AppSettings withDefaults(String app, long now) {
        AppSettings d = defaults(app);
        List<EncoderSetting> ladder = encoderSettings;
        if (ladder == null && encoderSettingsString != null && !encoderSettingsString.isBlank()) {
            ladder = EncoderSettingsText.parse(encoderSettingsString);
        }
        List<EncoderSetting> filled = new ArrayList<>();
        for (EncoderSetting s : ladder == null ? d.encoderSettings : ladder) {
            filled.add(s.withDefaults());
        }
        return new AppSettings(app, List.copyOf(filled), null,
                or(hlsTime, d.hlsTime), or(hlsListSize, d.hlsListSize), or(hlsPlayListType, d.hlsPlayListType),
                or(hlsMuxingEnabled, d.hlsMuxingEnabled), or(dashMuxingEnabled, d.dashMuxingEnabled),
                or(webRTCEnabled, d.webRTCEnabled), or(acceptUndefinedStreams, d.acceptUndefinedStreams),
                or(addOriginalMuxerIntoHLSPlaylist, d.addOriginalMuxerIntoHLSPlaylist),
                or(encoderSelectionPreference, d.encoderSelectionPreference),
                or(hlsViewerLimit, d.hlsViewerLimit), or(dashViewerLimit, d.dashViewerLimit),
                or(webRTCViewerLimit, d.webRTCViewerLimit), or(ingestingStreamLimit, d.ingestingStreamLimit),
                or(srtPassphrase, d.srtPassphrase), now);
    }

    /** @return null when valid, else a message naming the offending field */
    public String problem() {
        if (encoderSettings != null) {
            if (encoderSettings.size() > MAX_LADDER_RUNGS) {
                return "encoderSettings may have at most " + MAX_LADDER_RUNGS + " entries";
            }
            for (EncoderSetting s : encoderSettings) {
                if (s == null) {
                    return "encoderSettings may not contain null";
                }
                String p = s.problem();
                if (p != null) {
                    return p;
                }
            }
        }
        if (encoderSettingsString != null && encoderSettings == null) {
            try {
                EncoderSettingsText.parse(encoderSettingsString);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        String p = positiveNumberText("hlsTime", hlsTime, 1, 60);
        if (p == null) {
            p = positiveNumberText("hlsListSize", hlsListSize, 0, 1000);
        }
        if (p != null) {
            return p;
        }
        if (hlsPlayListType != null && !List.of("", "event", "vod").contains(hlsPlayListType)) {
            return "hlsPlayListType must be \"\", \"event\" or \"vod\"";
        }
        if (encoderSelectionPreference != null && !ENCODER_PREFERENCES.contains(encoderSelectionPreference)) {
            return "encoderSelectionPreference must be one of " + ENCODER_PREFERENCES;
        }
        if (srtPassphrase != null && !srtPassphrase.isEmpty() && (srtPassphrase.length() < 10 || srtPassphrase.length() > 79)) {
            return "srtPassphrase must be empty (no encryption) or 10 to 79 characters, as SRT requires";
        }
        for (Integer limit : new Integer[] {hlsViewerLimit, dashViewerLimit, webRTCViewerLimit, ingestingStreamLimit}) {
            if (limit != null && limit < -1) {
                return "viewer and stream limits must be -1 (no limit) or a count";
            }
        }
        return null;
    }

    private static String positiveNumberText(String name, String value, double min, double max) {
        if (value == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(value);
            if (v >= min && v <= max) {
                return null;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        return name + " must be a number between " + (int) min + " and " + (int) max + " (as a string, like Ant Media)";
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
