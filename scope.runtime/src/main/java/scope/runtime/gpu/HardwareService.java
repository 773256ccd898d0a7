package scope.runtime.gpu;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU this host runs on. The VRAM used for filtering comes from, in order: the configuration
 * ({@code scope.hardware}, property {@code vram.gb}, editable in the web console), the environment variable
 * {@code SCOPE_VRAM_GB}, the system property {@code scope.vram.gb}, then detection with {@code nvidia-smi}. A value
 * of {@code 0} means "no GPU"; a negative configuration value means "not set".
 */
@Component(service = HardwareService.class, immediate = true, configurationPid = HardwareService.PID)
@Designate(ocd = HardwareService.Config.class)
public class HardwareService {
    public static final String PID = "scope.hardware";
    private static final Logger LOG = LoggerFactory.getLogger(HardwareService.class);

    @ObjectClassDefinition(name = "Scope hardware", description = "GPU detection and the VRAM used to filter pipelines")
    public @interface Config {
        @AttributeDefinition(name = "VRAM override (GB)",
                description = "VRAM in GB used for filtering instead of the detected GPU; 0 = no GPU; -1 = detect")
        double vram_gb() default -1;
    }

    private volatile List<GpuDevice> detected;
    private volatile GpuInfo info = new GpuInfo(List.of(), 0, "none");

    @Activate
    @Modified
    void configure(Config config) {
        info = resolve(config.vram_gb(), System.getenv("SCOPE_VRAM_GB"), System.getProperty("scope.vram.gb"));
        LOG.info("GPU: {} GB VRAM (from {}), devices {}", info.vramGb(), info.source(), info.devices());
    }

    GpuInfo resolve(double configured, String env, String sysprop) {
        if (configured >= 0) {
            return new GpuInfo(List.of(), configured, "configuration");
        }
        Double fromEnv = parse(env, "SCOPE_VRAM_GB");
        if (fromEnv != null) {
            return new GpuInfo(List.of(), fromEnv, "environment");
        }
        Double fromProp = parse(sysprop, "scope.vram.gb");
        if (fromProp != null) {
            return new GpuInfo(List.of(), fromProp, "system property");
        }
        if (detected == null) {
            detected = NvidiaSmi.query();
        }
        if (detected.isEmpty()) {
            return new GpuInfo(List.of(), 0, "none");
        }
        return new GpuInfo(detected, detected.get(0).totalGb(), "nvidia-smi");
    }

    private static Double parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        LOG.warn("Ignoring {}={}: expected a number of GB >= 0", name, value);
        return null;
    }

    public GpuInfo gpu() {
        return info;
    }

    public Availability availability(Double estimatedVramGb) {
        return Availability.of(estimatedVramGb, info);
    }

    /** Test hook: configure without DS. */
    public static HardwareService withVram(double gb) {
        HardwareService h = new HardwareService();
        h.info = new GpuInfo(List.of(), gb, "configuration");
        return h;
    }

}
