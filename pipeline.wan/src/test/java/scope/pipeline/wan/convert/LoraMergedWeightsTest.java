package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import scope.graph.TensorData;
import org.junit.jupiter.api.Test;

class LoraMergedWeightsTest {
    private static Weights of(String source, Map<String, float[]> values, Map<String, long[]> shapes) {
        return new Weights() {
            public String source() {
                return source;
            }

            public Set<String> names() {
                return values.keySet();
            }

            public long[] shape(String key) {
                return shapes.get(key);
            }

            public TensorData data(String key) {
                return TensorData.of(values.get(key));
            }
        };
    }

    @Test
    void adaptedLayersGetScaleTimesBTimesAAndOthersStay() throws Exception {
        Map<String, float[]> base = new LinkedHashMap<>();
        Map<String, long[]> baseShapes = new LinkedHashMap<>();
        base.put("blocks.0.self_attn.q.weight", new float[] {1, 2, 3, 4, 5, 6}); // [2, 3]
        baseShapes.put("blocks.0.self_attn.q.weight", new long[] {2, 3});
        base.put("head.head.weight", new float[] {7});
        baseShapes.put("head.head.weight", new long[] {1, 1});
        Map<String, float[]> lora = new LinkedHashMap<>();
        Map<String, long[]> loraShapes = new LinkedHashMap<>();
        lora.put("base_model.model.blocks.0.self_attn.q.lora_A.weight", new float[] {1, 0, 2}); // [1, 3]
        loraShapes.put("base_model.model.blocks.0.self_attn.q.lora_A.weight", new long[] {1, 3});
        lora.put("base_model.model.blocks.0.self_attn.q.lora_B.weight", new float[] {1, -1}); // [2, 1]
        loraShapes.put("base_model.model.blocks.0.self_attn.q.lora_B.weight", new long[] {2, 1});
        LoraMergedWeights w = new LoraMergedWeights(of("base.pt", base, baseShapes), of("lora.pt", lora, loraShapes),
                2, 1);
        // scale alpha/rank = 2: W + 2 * [[1,0,2],[-1,0,-2]]
        assertArrayEquals(new float[] {3, 2, 7, 2, 5, 2}, TensorData.toArray(w.data("blocks.0.self_attn.q.weight")));
        assertArrayEquals(new float[] {7}, TensorData.toArray(w.data("head.head.weight")));
        assertEquals(Set.of("blocks.0.self_attn.q.weight"), w.adaptedKeys());
    }

    @Test
    void anAdapterForALayerTheBaseLacksIsRefusedNamingTheKey() {
        Map<String, float[]> lora = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        lora.put("blocks.9.ffn.0.lora_A.default.weight", new float[] {1});
        shapes.put("blocks.9.ffn.0.lora_A.default.weight", new long[] {1, 1});
        lora.put("blocks.9.ffn.0.lora_B.default.weight", new float[] {1});
        shapes.put("blocks.9.ffn.0.lora_B.default.weight", new long[] {1, 1});
        ConversionException e = assertThrows(ConversionException.class, () -> new LoraMergedWeights(
                of("base.pt", Map.of(), Map.of()), of("lora.pt", lora, shapes), 1, 1));
        assertTrue(e.getMessage().contains("lora.pt") && e.getMessage().contains("blocks.9.ffn.0.weight"),
                e.getMessage());
    }
}
