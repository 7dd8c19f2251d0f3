package io.braid.core.broadcast;

import io.braid.core.app.EncoderSetting;

/**
 * Checks a broadcast body before anything is written. Lengths are capped so a client cannot park megabytes in
 * metadata that every list call then returns.
 */
public final class BroadcastValidator {
    public static final int MAX_TEXT = 1024;
    public static final int MAX_LONG_TEXT = 16 * 1024;

    private BroadcastValidator() {
    }

    /** @return null when valid, else a message naming the field */
    public static String problem(Broadcast b) {
        if (b.streamId != null) {
            String p = StreamIds.problem(b.streamId);
            if (p != null) {
                return p;
            }
        }
        String p = firstNonNull(
                length("name", b.name, MAX_TEXT), length("category", b.category, MAX_TEXT),
                length("description", b.description, MAX_LONG_TEXT), length("metaData", b.metaData, MAX_LONG_TEXT),
                length("listenerHookURL", b.listenerHookURL, MAX_TEXT), length("streamUrl", b.streamUrl, MAX_TEXT),
                length("subFolder", b.subFolder, MAX_TEXT), length("mainTrackStreamId", b.mainTrackStreamId, StreamIds.MAX_LENGTH),
                length("originAdress", b.originAdress, MAX_TEXT), length("rtmpURL", b.rtmpURL, MAX_TEXT),
                length("quality", b.quality, MAX_TEXT), length("videoCodec", b.videoCodec, MAX_TEXT),
                length("audioCodec", b.audioCodec, MAX_TEXT), length("publishType", b.publishType, MAX_TEXT),
                length("originNodeId", b.originNodeId, MAX_TEXT));
        if (p != null) {
            return p;
        }
        if (b.subFolder != null && b.subFolder.contains("..")) {
            return "subFolder may not contain '..'";
        }
        if (b.status != null && !BroadcastStatus.ALL.contains(b.status)) {
            return "status must be one of " + BroadcastStatus.ALL;
        }
        if (b.type != null && !Broadcast.TYPES.contains(b.type)) {
            return "type must be one of " + Broadcast.TYPES;
        }
        if (b.streamUrl != null && !b.streamUrl.isEmpty() && !b.streamUrl.matches("(?i)(rtmp|rtmps|rtsp|srt|http|https|udp)://.+")) {
            return "streamUrl must be an rtmp, rtsp, srt, udp or http(s) URL";
        }
        for (Number n : new Number[] {b.date, b.startTime, b.updateTime, b.duration, b.plannedStartDate, b.plannedEndDate,
                b.expireDurationMS, b.width, b.height, b.bitrate, b.receivedBytes, b.hlsViewerCount, b.dashViewerCount,
                b.webRTCViewerCount, b.rtmpViewerCount}) {
            if (n != null && n.longValue() < 0) {
                return "times, sizes and counts may not be negative";
            }
        }
        for (Integer limit : new Integer[] {b.hlsViewerLimit, b.dashViewerLimit, b.webRTCViewerLimit}) {
            if (limit != null && limit < -1) {
                return "viewer limits must be -1 (no limit) or a count";
            }
        }
        if (b.encoderSettingsList != null) {
            for (EncoderSetting s : b.encoderSettingsList) {
                String sp = s == null ? "encoderSettingsList may not contain null" : s.problem();
                if (sp != null) {
                    return sp;
                }
            }
        }
        return null;
    }

    private static String length(String field, String value, int max) {
        return value != null && value.length() > max ? field + " is longer than " + max + " characters" : null;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
