package scope.pipeline.krea;

import scope.pipeline.wan.WanGeneratorConfig;

/** Krea Realtime Video's settings: the Wan-family set. */
public class KreaConfig extends WanGeneratorConfig {
}
