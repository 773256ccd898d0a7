package scope.runtime.gpu;

/** One NVIDIA device as {@code nvidia-smi} reports it; memory in GiB (bytes / 1024^3). */
public record GpuDevice(int index, String name, double totalGb, double freeGb) {
}
