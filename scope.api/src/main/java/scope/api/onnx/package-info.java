/**
 * ONNX inference for pipelines, without a compile-time dependency on ONNX Runtime.
 *
 * <p>The host offers an {@link scope.api.onnx.OnnxSessions} service; a plugin references it, opens an
 * {@link scope.api.onnx.InferenceSession} per model file when its pipeline loads, runs it on
 * {@link scope.api.onnx.FloatTensor}s, and closes it in {@code Pipeline.close()}. The host picks the execution
 * provider (CUDA where a usable GPU is present, CPU otherwise), the thread counts, and keeps telemetry off.
 */
@Export
@Version("1.0.0")
package scope.api.onnx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
