package scope.runtime.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads NVIDIA devices from {@code nvidia-smi}; no binary, a failure or a timeout means no devices. */
final class NvidiaSmi {
    private NvidiaSmi() {
    }

    static List<GpuDevice> query() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name,memory.total,memory.free",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return List.of();
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return p.exitValue() == 0 ? parse(out) : List.of();
        } catch (IOException e) {
            return List.of(); // not installed: no NVIDIA GPU
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Parses CSV lines {@code index, name, total MiB, free MiB}; malformed lines are skipped. */
    static List<GpuDevice> parse(String csv) {
        List<GpuDevice> devices = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] parts = line.split(",");
            if (parts.length < 4) {
                continue;
            }
            try {
                devices.add(new GpuDevice(Integer.parseInt(parts[0].trim()), parts[1].trim(),
                        Double.parseDouble(parts[2].trim()) / 1024.0, Double.parseDouble(parts[3].trim()) / 1024.0));
            } catch (NumberFormatException e) {
                // a line such as "[N/A]" for a device without memory reporting
            }
        }
        return devices;
    }
}
