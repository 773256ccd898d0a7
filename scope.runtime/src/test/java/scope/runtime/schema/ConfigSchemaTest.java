package scope.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import scope.api.config.BasePipelineConfig;
import scope.api.config.Param;
import scope.api.config.Ui;

class ConfigSchemaTest {
    static final ObjectMapper M = new ObjectMapper();

    @Param(description = "Precision of the weights")
    public enum Precision { FP8_E4M3FN, BF16 }

    public static class SampleConfig extends BasePipelineConfig {
        @Param(minimum = 1, description = "Output height in pixels")
        @Ui(order = 4, component = "resolution", loadParam = true)
        public int height = 320;

        @Param(minimum = 0, maximum = 1, description = "Noise")
        @Ui(order = 7, component = "noise", modes = {"video"}, modulatable = true, modulatableMin = 0, modulatableMax = 1)
        public Double noiseScale = 0.7;

        @Param(nullable = true, description = "Quantization")
        @Ui(order = 8, component = "quantization", loadParam = true)
        public Precision quantization = null;

        @Ui(label = "Steps", loadParam = true)
        public List<Integer> denoisingSteps = List.of(1000, 750);
    }

    @Test
    void schemaHasPydanticShape() {
        JsonNode s = ConfigSchema.of(SampleConfig.class).toJson();
        assertEquals("SampleConfig", s.get("title").asText());
        assertEquals("object", s.get("type").asText());
        assertFalse(s.get("additionalProperties").asBoolean());
        JsonNode h = s.at("/properties/height");
        assertEquals(320, h.get("default").asInt());
        assertEquals(1, h.get("minimum").asInt());
        assertTrue(h.get("minimum").isIntegralNumber(), "integer bounds are integers");
        assertEquals("integer", h.get("type").asText());
        assertEquals("Height", h.get("title").asText());
        assertEquals("resolution", h.at("/ui/component").asText());
        assertTrue(h.at("/ui/is_load_param").asBoolean());
        assertEquals(4, h.at("/ui/order").asInt());
        assertEquals("configuration", h.at("/ui/category").asText());
        // a redeclared field keeps its inherited position
        List<String> names = M.convertValue(s.get("properties"), Map.class).keySet().stream().toList();
        assertEquals("height", names.get(0));
    }

    @Test
    void nullableEnumIsAnyOfRefAndNull() {
        JsonNode s = ConfigSchema.of(SampleConfig.class).toJson();
        JsonNode q = s.at("/properties/quantization");
        assertEquals("#/$defs/Precision", q.at("/anyOf/0/$ref").asText());
        assertEquals("null", q.at("/anyOf/1/type").asText());
        assertTrue(q.get("default").isNull());
        assertEquals("fp8_e4m3fn", s.at("/$defs/Precision/enum/0").asText());
        assertEquals("Precision of the weights", s.at("/$defs/Precision/description").asText());
    }

    @Test
    void nullableNumberKeepsBoundsInsideAnyOf() {
        JsonNode s = ConfigSchema.of(SampleConfig.class).toJson();
        JsonNode n = s.at("/properties/noise_scale");
        assertEquals("number", n.get("type").asText());
        assertEquals(1.0, n.get("maximum").asDouble());
        assertTrue(n.at("/ui/modulatable").asBoolean());
        assertEquals("video", n.at("/ui/modes/0").asText());
        JsonNode base = s.at("/properties/input_size");
        assertEquals(1, base.at("/anyOf/0/minimum").asInt());
        assertEquals("integer", base.at("/anyOf/0/type").asText());
        assertTrue(base.get("ui") == null, "base fields have no ui");
        assertEquals("integer", s.at("/properties/denoising_steps/items/type").asText());
        assertEquals("Steps", s.at("/properties/denoising_steps/ui/label").asText());
    }

    @Test
    void validationNormalisesAndNamesEveryBadField() throws Exception {
        ConfigSchema schema = ConfigSchema.of(SampleConfig.class);
        Map<String, Object> ok = schema.validate(M.readTree("{\"height\":512.0,\"noise_scale\":1,\"quantization\":\"fp8_e4m3fn\"}"), Set.of());
        assertEquals(512L, ok.get("height"));
        assertEquals(1.0, ok.get("noise_scale"));
        ValidationException e = assertThrows(ValidationException.class, () -> schema.validate(M.readTree(
                "{\"height\":0,\"noise_scale\":\"x\",\"quantization\":\"int4\",\"bogus\":1,\"width\":1.5,"
                        + "\"manage_cache\":null,\"denoising_steps\":[1000,\"a\"]}"), Set.of()));
        Set<String> fields = Set.copyOf(e.errors().stream().map(FieldError::field).toList());
        assertEquals(Set.of("height", "noise_scale", "quantization", "bogus", "width", "manage_cache",
                "denoising_steps"), fields);
        assertTrue(e.getMessage().contains("height: must be >= 1"), e.getMessage());
    }

    @Test
    void bindProducesTypedConfig() throws Exception {
        ConfigSchema schema = ConfigSchema.of(SampleConfig.class);
        SampleConfig c = (SampleConfig) schema.bind(schema.validate(
                M.readTree("{\"height\":256,\"quantization\":\"bf16\",\"denoising_steps\":[500]}"), Set.of()));
        assertEquals(256, c.height);
        assertEquals(Precision.BF16, c.quantization);
        assertEquals(List.of(500), c.denoisingSteps);
        assertEquals(0.7, c.noiseScale);
    }

    public static class BadConfig extends BasePipelineConfig {
        public Object anything = new Object();
    }

    @Test
    void unsupportedFieldTypeIsAMetadataError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigSchema.of(BadConfig.class));
        assertTrue(e.getMessage().contains("anything"), e.getMessage());
    }
}
