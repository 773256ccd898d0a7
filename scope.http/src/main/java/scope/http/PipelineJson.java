package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.api.Usage;
import scope.runtime.registry.RegisteredPipeline;

/** A registered pipeline in the JSON shapes of Scope's schemas and node-definition endpoints (spec 1.4). */
final class PipelineJson {
    private PipelineJson() {
    }

    static ObjectNode schemaEntry(RegisteredPipeline p) {
        ObjectNode n = meta(p);
        n.put("plugin_name", p.origin().symbolicName());
        return n;
    }

    static ObjectNode meta(RegisteredPipeline p) {
        PipelineDescriptor d = p.descriptor();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("name", d.name());
        n.put("description", d.description());
        n.put("version", d.version());
        ArrayNode modes = n.putArray("supported_modes");
        d.modes().keySet().forEach(modes::add);
        n.put("default_mode", d.defaultMode());
        n.put("supports_prompts", d.supportsPrompts());
        n.put("default_temporal_interpolation_method", d.temporalInterpolationMethod());
        n.put("default_temporal_interpolation_steps", d.temporalInterpolationSteps());
        n.put("default_spatial_interpolation_method", d.spatialInterpolationMethod());
        n.put("docs_url", d.docsUrl());
        if (d.estimatedVramGb() == null) {
            n.putNull("estimated_vram_gb");
        } else {
            n.put("estimated_vram_gb", d.estimatedVramGb());
        }
        n.put("requires_models", d.requiresModels());
        n.put("supports_lora", d.supports(Feature.LORA));
        n.put("supports_vace", d.supports(Feature.VACE));
        n.put("supports_cache_management", d.supports(Feature.CACHE_MANAGEMENT));
        n.put("supports_kv_cache_bias", d.supports(Feature.KV_CACHE_BIAS));
        n.put("supports_quantization", d.supports(Feature.QUANTIZATION));
        n.put("min_dimension", d.minDimension());
        if (d.recommendedQuantizationVramThreshold() == null) {
            n.putNull("recommended_quantization_vram_threshold");
        } else {
            n.put("recommended_quantization_vram_threshold", d.recommendedQuantizationVramThreshold());
        }
        n.put("modified", false);
        n.put("produces_video", d.producesVideo());
        n.put("produces_audio", d.producesAudio());
        ArrayNode usage = n.putArray("usage");
        d.usage().stream().map(Usage::value).forEach(usage::add);
        ArrayNode inputs = n.putArray("inputs");
        d.inputs().forEach(inputs::add);
        ArrayNode outputs = n.putArray("outputs");
        d.outputs().forEach(outputs::add);
        ArrayNode artifacts = n.putArray("artifacts");
        d.artifacts().forEach(a -> {
            ObjectNode an = artifacts.addObject();
            an.put("type", a.source() == scope.api.Artifact.Source.HUGGING_FACE ? "huggingface" : "google_drive");
            an.put(a.source() == scope.api.Artifact.Source.HUGGING_FACE ? "repo_id" : "file_id", a.id());
            ArrayNode files = an.putArray("files");
            a.files().forEach(files::add);
        });
        n.set("config_schema", p.schema().toJson());
        ObjectNode modeDefaults = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, ModeDefaults> m : d.modes().entrySet()) {
            if (!m.getValue().overrides().isEmpty()) {
                modeDefaults.set(m.getKey(), Json.MAPPER.valueToTree(m.getValue().overrides()));
            }
        }
        if (!modeDefaults.isEmpty()) {
            n.set("mode_defaults", modeDefaults);
        }
        return n;
    }

    /** The node-definition shape of {@code GET /api/v1/nodes/definitions}. */
    static ObjectNode nodeDefinition(RegisteredPipeline p) {
        PipelineDescriptor d = p.descriptor();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("node_type_id", d.id());
        n.put("display_name", d.name());
        n.put("category", "pipeline");
        n.put("description", d.description());
        ArrayNode inputs = n.putArray("inputs");
        d.inputs().forEach(i -> port(inputs, i, "video"));
        if (d.supportsPrompts()) {
            port(inputs, "prompts", "string");
        }
        ArrayNode outputs = n.putArray("outputs");
        d.outputs().forEach(o -> port(outputs, o, "video"));
        n.putArray("params");
        n.put("continuous", false);
        n.set("pipeline_meta", meta(p));
        n.put("plugin_name", p.origin().symbolicName());
        return n;
    }

    private static void port(ArrayNode list, String name, String type) {
        ObjectNode port = list.addObject();
        port.put("name", name);
        port.put("port_type", type);
        port.put("required", true);
        port.put("description", "");
        port.putNull("default_value");
    }
}
