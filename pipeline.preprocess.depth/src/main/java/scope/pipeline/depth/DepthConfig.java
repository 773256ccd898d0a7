package scope.pipeline.depth;

import scope.api.config.BasePipelineConfig;

/** Video Depth Anything has only the base fields (spec 7.3). */
public class DepthConfig extends BasePipelineConfig {
}
