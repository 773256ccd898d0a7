package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;

class InvalidUpdateChangesNothingTest {

    private static ChainStream stream(Fakes.Listener listener) {
        List<ChainStage> stages = List.of(Fakes.stage("main", new Fakes.Generator(1, 5), ChainStage.Role.MAIN));
        return new ChainStream("s", stages, listener, Clock.SYSTEM);
    }

    @Test
    void aMessageWithOneBadFieldAppliesNoneOfItsFields() throws Exception {
        ChainStream s = stream(new Fakes.Listener());
        s.update(Fakes.json("{'noise_scale':0.4,'strength':0.2}"));
        ValidationException e = assertThrows(ValidationException.class,
                () -> s.update(Fakes.json("{'noise_scale':0.9,'strength':1.5,'paused':true}")));
        assertEquals(List.of("strength"), e.errors().stream().map(FieldError::field).toList());
        Map<String, Object> params = s.parameters().get("main");
        assertEquals(0.4, params.get("noise_scale"));
        assertEquals(0.2, params.get("strength"));
        assertFalse(s.stats().paused(), "paused in an invalid message is not applied either");
        s.close();
    }

    @Test
    void everyBadFieldIsNamed() {
        ChainStream s = stream(new Fakes.Listener());
        ValidationException e = assertThrows(ValidationException.class, () -> s.update(Fakes.json(
                "{'prompts':[{'text':'a','weight':-1}],'noise_scale':2,'kv_cache_attention_bias':0,"
                        + "'prompt_interpolation_method':'cubic','transition':{'num_steps':2},"
                        + "'denoising_step_list':[700,'x'],'paused':'yes','input_mode':'audio','recording':'yes','bogus':1}")));
        assertEquals(List.of("prompts", "noise_scale", "kv_cache_attention_bias", "prompt_interpolation_method",
                "transition", "denoising_step_list", "paused", "input_mode", "recording", "bogus"),
                e.errors().stream().map(FieldError::field).toList());
        s.close();
    }

    @Test
    void anUnknownNodeIdIsAnError() {
        ChainStream s = stream(new Fakes.Listener());
        ValidationException e = assertThrows(ValidationException.class,
                () -> s.update(Fakes.json("{'node_id':'nope','noise_scale':0.1}")));
        assertEquals("node_id", e.errors().get(0).field());
        assertTrue(s.parameters().get("main").isEmpty());
        s.close();
    }

    @Test
    void sessionAndTempoKeysAreAcceptedButNotGivenToPipelines() throws Exception {
        ChainStream s = stream(new Fakes.Listener());
        s.update(Fakes.json("{'quantize_mode':'bar','lookahead_ms':50,'bpm':120,'_quantized':false,"
                + "'output_sinks':{'ndi':{'enabled':false}},'graph':{'nodes':[]},'recording':false,"
                + "'vace_context_scale':1.5,'lora_scales':[{'path':'a','scale':1}],'noise_controller':true}"));
        Map<String, Object> params = s.parameters().get("main");
        assertEquals(Boolean.TRUE, params.get("noise_controller"));
        assertEquals(1.5, params.get("vace_context_scale"));
        assertTrue(params.containsKey("lora_scales"));
        assertFalse(params.containsKey("bpm"));
        assertFalse(params.containsKey("graph"));
        s.close();
    }

    @Test
    void invalidInitialParametersStartNothing() {
        Fakes.Generator g = new Fakes.Generator(1, 1);
        Fakes.Listener listener = new Fakes.Listener();
        assertThrows(ValidationException.class, () -> FrameChain.start("s",
                List.of(Fakes.stage("main", g, ChainStage.Role.MAIN)), Fakes.json("{'noise_scale':-1}"), listener));
        assertEquals(0, g.prepares.get(), "no worker ran");
    }
}
