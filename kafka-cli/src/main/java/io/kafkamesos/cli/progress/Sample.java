package io.kafkamesos.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One look at an endpoint of the scheduler: its JSON, or why there is none (nothing answers, the
 * {@code /service} proxy knows no such framework yet, an error status).
 */
public record Sample(Optional<JsonNode> json, String problem) {

    public static Sample of(JsonNode json) {
        return new Sample(Optional.of(json), "");
    }

    public static Sample failed(String problem) {
        return new Sample(Optional.empty(), problem);
    }
}
