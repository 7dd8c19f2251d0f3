package io.braid.ingest.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.braid.ingest.stream.Admission;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WHIP's answer to each publishing rule: the status a publisher's client shows (the reason travels in the body). */
class WhipRoutesTest {
    @Test
    void eachPublishingRuleAnswersWithItsOwnWhipStatus() {
        Map<Admission.Refusal, Integer> expected = Map.of(Admission.Refusal.BAD_NAME, 400, Admission.Refusal.BAD_APP, 404,
                Admission.Refusal.IN_USE, 409, Admission.Refusal.FORBIDDEN, 403, Admission.Refusal.OVERLOAD, 503,
                Admission.Refusal.UNAVAILABLE, 503);
        for (Admission.Refusal kind : Admission.Refusal.values()) {
            assertEquals(expected.get(kind), WhipRoutes.status(kind), kind.name());
        }
    }
}
