package scope.runtime.gpu;

import java.util.List;

/**
 * What the host believes about its GPU.
 *
 * @param devices detected devices (empty without a GPU or when overridden)
 * @param vramGb  VRAM used for filtering: total memory of device 0, or the override; 0 = no GPU
 * @param source  where {@code vramGb} came from: {@code configuration}, {@code environment}, {@code nvidia-smi}
 *                or {@code none}
 */
public record GpuInfo(List<GpuDevice> devices, double vramGb, String source) {
    public boolean hasGpu() {
        return vramGb > 0;
    }
}
