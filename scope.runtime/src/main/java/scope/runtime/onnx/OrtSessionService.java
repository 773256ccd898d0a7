package scope.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.onnx.InferenceSession;
import scope.api.onnx.OnnxException;
import scope.api.onnx.OnnxSessions;
import scope.api.onnx.SessionSettings;
import scope.runtime.gpu.HardwareService;

/**
 * The host's {@link OnnxSessions} on ONNX Runtime (from the platform.onnxruntime bundle). CUDA where the hardware
 * service reports VRAM, with a logged fallback to CPU when the CUDA provider cannot be loaded (CPU build of ONNX
 * Runtime, missing CUDA/cuDNN libraries, no device); intra-op threads = available processors, one inter-op thread;
 * telemetry off.
 */
@Component(service = OnnxSessions.class)
public class OrtSessionService implements OnnxSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessionService.class);

    private final DoubleSupplier vramGb;

    @Activate
    public OrtSessionService(@Reference(name = "hardware") HardwareService hardware) {
        this(() -> hardware.gpu().vramGb());
    }

    /** Outside OSGi (tests, benchmarks): {@code vramGb} decides whether CUDA is tried. */
    public OrtSessionService(DoubleSupplier vramGb) {
        this.vramGb = vramGb;
    }

    /** A service that never tries the GPU. */
    public static OrtSessionService cpu() {
        return new OrtSessionService(() -> 0);
    }

    static OrtEnvironment environment() throws OrtException {
        // One environment per JVM (ONNX Runtime keeps it as a singleton); telemetry is off on every platform.
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "scope");
        env.setTelemetry(false);
        return env;
    }

    @Override
    public InferenceSession open(Path model, SessionSettings settings) throws OnnxException {
        if (!Files.isRegularFile(model)) {
            throw new OnnxException("ONNX model file not found: " + model);
        }
        int threads = settings.intraOpThreadCount() > 0 ? settings.intraOpThreadCount()
                : Runtime.getRuntime().availableProcessors();
        boolean tryCuda = !settings.isCpuOnly() && vramGb.getAsDouble() > 0;
        try {
            OrtEnvironment env = environment();
            if (tryCuda) {
                try {
                    return create(env, model, threads, true);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    // A usable GPU was reported but the CUDA provider could not start: run, slower, on CPU.
                    LOG.warn("CUDA execution provider unavailable for {} ({}); falling back to CPU", model,
                            e.getMessage());
                }
            }
            return create(env, model, threads, false);
        } catch (OrtException e) {
            throw new OnnxException("Cannot load ONNX model " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CUDA device of this process: {@code SCOPE_GPU_INDEX} (one cluster worker per GPU of a machine), else 0 -
     * which is the first device {@code CUDA_VISIBLE_DEVICES} leaves visible, the other way to pin a worker.
     */
    static int cudaDevice() {
        String v = System.getenv("SCOPE_GPU_INDEX");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // below
        }
        LOG.warn("Ignoring SCOPE_GPU_INDEX={}: expected a device number >= 0", v);
        return 0;
    }

    private static InferenceSession create(OrtEnvironment env, Path model, int threads, boolean cuda)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (cuda) {
                options.addCUDA(cudaDevice());
            }
            OrtSession session = env.createSession(model.toString(), options);
            LOG.info("ONNX session {} on {} ({} intra-op threads)", model.getFileName(), cuda ? "CUDA" : "CPU",
                    threads);
            return new OrtInferenceSession(model, session, options, env, cuda ? "CUDA" : "CPU");
        } catch (OrtException | RuntimeException | Error e) {
            options.close();
            throw e;
        }
    }
}
