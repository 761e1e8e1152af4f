package io.tracking.simulator;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON configuration of the simulator: instants as ISO-8601 strings, unknown fields ignored on reading. */
public final class SimulatorJson {

    private SimulatorJson() {
    }

    public static JsonMapper newMapper() {
        return JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
