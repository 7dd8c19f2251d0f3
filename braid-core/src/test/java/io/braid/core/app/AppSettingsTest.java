package io.braid.core.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.braid.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    @Test
    void postedNullsGoBackToDefaults() {
        AppSettings posted = Json.read("{\"hlsTime\":\"4\",\"someAmsField\":42}", AppSettings.class);
        AppSettings filled = posted.withDefaults("LiveApp", 7L);
        assertEquals("4", filled.hlsTime());
        assertEquals("15", filled.hlsListSize());
        assertEquals(List.of(), filled.encoderSettings());
        assertEquals(true, filled.acceptUndefinedStreams());
        assertEquals(7L, filled.updateTime());
        assertEquals("LiveApp", filled.appName());
    }

    @Test
    void legacyCsvLadderIsAccepted() {
        List<EncoderSetting> ladder = EncoderSettingsText.parse("480,300000,96000,360,200000,64000");
        assertEquals(2, ladder.size());
        assertEquals(360, ladder.get(1).height());
        assertEquals(64000, ladder.get(1).audioBitrate());
        AppSettings s = new AppSettings(null, null, "720,2000000,128000", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null).withDefaults("LiveApp", 0);
        assertEquals(720, s.encoderSettings().get(0).height());
        assertEquals(true, s.encoderSettings().get(0).forceEncode());
        assertThrows(IllegalArgumentException.class, () -> EncoderSettingsText.parse("480,300000"));
        assertThrows(IllegalArgumentException.class, () -> EncoderSettingsText.parse("a,b,c"));
    }

    @Test
    void problemsNameTheField() {
        AppSettings bad = Json.read("{\"encoderSettings\":[{\"height\":5,\"videoBitrate\":100000,\"audioBitrate\":0}]}", AppSettings.class);
        assertTrue(bad.problem().contains("height"));
        assertTrue(Json.read("{\"hlsTime\":\"abc\"}", AppSettings.class).problem().contains("hlsTime"));
        assertTrue(Json.read("{\"encoderSelectionPreference\":\"tpu\"}", AppSettings.class).problem().contains("encoderSelectionPreference"));
        assertTrue(Json.read("{\"srtPassphrase\":\"short\"}", AppSettings.class).problem().contains("srtPassphrase"));
        assertEquals(null, Json.read("{\"srtPassphrase\":\"long-enough-secret\"}", AppSettings.class).problem());
        assertNotNull(Json.read("{\"hlsViewerLimit\":-5}", AppSettings.class).problem());
        assertNull(AppSettings.defaults("LiveApp").problem());
    }
}
