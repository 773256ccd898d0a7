package scope.runtime.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VramFilterTest {
    @Test
    void pipelinesWithoutEstimateAlwaysRun() {
        assertTrue(Availability.of(null, new GpuInfo(List.of(), 0, "none")).available());
    }

    @Test
    void estimateMustFitTheGpu() {
        GpuInfo eight = new GpuInfo(List.of(), 8, "environment");
        Availability a = Availability.of(20.0, eight);
        assertFalse(a.available());
        assertEquals("needs about 20 GB of VRAM; the GPU has 8 GB", a.reason());
        assertTrue(Availability.of(1.0, eight).available());
        assertTrue(Availability.of(8.0, eight).available());
    }

    @Test
    void noGpuFiltersEveryEstimate() {
        Availability a = Availability.of(1.0, new GpuInfo(List.of(), 0, "none"));
        assertFalse(a.available());
        assertTrue(a.reason().contains("no GPU detected"), a.reason());
    }

    @Test
    void configurationBeatsEnvironmentBeatsSystemProperty() {
        HardwareService h = new HardwareService();
        assertEquals("configuration", h.resolve(12, "80", "4").source());
        assertEquals(80, h.resolve(-1, "80", "4").vramGb());
        assertEquals(4, h.resolve(-1, null, "4").vramGb());
        assertEquals(0, h.resolve(-1, "0", null).vramGb());
        assertFalse(h.resolve(-1, "0", null).hasGpu());
    }

    @Test
    void parsesNvidiaSmiCsv() {
        List<GpuDevice> d = NvidiaSmi.parse("0, NVIDIA H100 80GB HBM3, 81559, 80000\n1, Bad, [N/A], [N/A]\n");
        assertEquals(1, d.size());
        assertEquals("NVIDIA H100 80GB HBM3", d.get(0).name());
        assertEquals(81559 / 1024.0, d.get(0).totalGb(), 1e-9);
    }
}
