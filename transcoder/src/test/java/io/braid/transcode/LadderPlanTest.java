package io.braid.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LadderPlanTest {

    @Test
    void keepsAspectRatioWithEvenDimensions() {
        List<Rendition> r = LadderPlan.renditions("s1", 1280, 720, List.of(new LadderRung(480, 800_000, 96_000, true),
                new LadderRung(240, 300_000, 64_000, true), new LadderRung(361, 200_000, 64_000, true)));
        assertEquals(new Rendition("s1_480p800kbps", 854, 480, 800_000, 96_000), r.get(0));
        assertEquals(new Rendition("s1_240p300kbps", 426, 240, 300_000, 64_000), r.get(1));
        assertEquals(360, r.get(2).height());
        assertEquals(640, r.get(2).width());
    }

    @Test
    void tallerRungsNeedForceEncode() {
        List<Rendition> r = LadderPlan.renditions("s", 640, 360, List.of(new LadderRung(720, 2_000_000, 128_000, false),
                new LadderRung(1080, 4_000_000, 128_000, true), new LadderRung(360, 500_000, 64_000, false)));
        assertEquals(List.of("s_1080p4000kbps", "s_360p500kbps"), r.stream().map(Rendition::name).toList());
        assertEquals(1920, r.getFirst().width());
    }

    @Test
    void portraitAndDuplicates() {
        List<Rendition> r = LadderPlan.renditions("p", 720, 1280, List.of(new LadderRung(640, 1_000_000, 64_000, true),
                new LadderRung(640, 1_000_000, 96_000, true)));
        assertEquals(1, r.size());
        assertEquals(360, r.getFirst().width());
        assertThrows(IllegalArgumentException.class, () -> LadderPlan.renditions("x", 0, 0, List.of()));
    }

    @Test
    void preferenceNames() {
        assertEquals(EncoderPreference.GPU_AND_CPU, EncoderPreference.parse(null));
        assertEquals(EncoderPreference.CPU_ONLY, EncoderPreference.parse("cpu_only"));
        assertThrows(IllegalArgumentException.class, () -> EncoderPreference.parse("tpu"));
    }

    @Test
    void nvidiaSmiLines() {
        List<GpuProbe.GpuUsage> gpus = GpuProbe.parse("0, NVIDIA H100 80GB HBM3, 7, 1, 1024, 81559\nNVIDIA-SMI has failed\n1, X, [N/A], [N/A], 5, 10\n");
        assertEquals(2, gpus.size());
        assertEquals(new GpuProbe.GpuUsage(0, "NVIDIA H100 80GB HBM3", 7, 1, 1024, 81559), gpus.get(0));
        assertEquals(0, gpus.get(1).gpuUtilization());
    }
}
