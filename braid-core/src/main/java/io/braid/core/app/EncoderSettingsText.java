package io.braid.core.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Ant Media stores the ladder as text: a JSON array, or the legacy CSV "height,videoBitrate,audioBitrate,..."
 * (three numbers per rung). Both are accepted here.
 */
public final class EncoderSettingsText {
    private static final ObjectMapper MAPPER = Json.MAPPER;

    private EncoderSettingsText() {
    }

    public static List<EncoderSetting> parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return List.of();
        }
        if (t.startsWith("[")) {
            try {
                return MAPPER.readValue(t, new TypeReference<List<EncoderSetting>>() {});
            } catch (Exception e) {
                throw new IllegalArgumentException("encoderSettingsString is not a valid JSON ladder");
            }
        }
        String[] parts = t.split(",");
        if (parts.length % 3 != 0 || parts.length / 3 > AppSettings.MAX_LADDER_RUNGS) {
            throw new IllegalArgumentException("encoderSettingsString must hold height,videoBitrate,audioBitrate triples");
        }
        List<EncoderSetting> ladder = new ArrayList<>();
        try {
            for (int i = 0; i < parts.length; i += 3) {
                ladder.add(new EncoderSetting(Integer.parseInt(parts[i].trim()), Integer.parseInt(parts[i + 1].trim()),
                        Integer.parseInt(parts[i + 2].trim()), null, null));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("encoderSettingsString must hold whole numbers");
        }
        return ladder;
    }
}
