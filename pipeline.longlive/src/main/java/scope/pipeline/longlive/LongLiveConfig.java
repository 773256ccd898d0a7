package scope.pipeline.longlive;

import scope.api.config.Param;
import scope.api.config.Ui;
import scope.pipeline.wan.WanGeneratorConfig;

/** LongLive's settings: the Wan-family set, with a modulatable noise scale. */
public class LongLiveConfig extends WanGeneratorConfig {
    @Param(minimum = 0, maximum = 1, description = "Amount of noise added to the input video")
    @Ui(order = 7, component = "noise", modes = {"video"}, modulatable = true, modulatableMin = 0, modulatableMax = 1)
    public Double noiseScale = 0.7;
}
