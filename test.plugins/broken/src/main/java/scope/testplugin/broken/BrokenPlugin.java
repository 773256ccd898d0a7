package scope.testplugin.broken;

import org.osgi.service.component.annotations.Component;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;

/** A plugin whose hook fails half-way, after registering one pipeline: none of its pipelines may appear. */
@Component
public class BrokenPlugin implements PipelinePlugin {
    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(scope.api.PipelineDescriptor.builder("test-broken", scope.api.config.BasePipelineConfig.class)
                .factory(c -> null).build());
        throw new IllegalStateException("the broken test plugin always fails to register");
    }
}
