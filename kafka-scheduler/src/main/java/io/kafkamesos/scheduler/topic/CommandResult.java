package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code {"exit_code","stderr","stdout"}} envelope that the seed API answered for the
 * operations it ran as Kafka command-line tools. Users' scripts parse {@code stdout}, so the
 * texts keep the tools' wording.
 */
@JsonPropertyOrder({"exit_code", "stderr", "stdout"})
public record CommandResult(
        @JsonProperty("exit_code") int exitCode,
        @JsonProperty("stderr") String stderr,
        @JsonProperty("stdout") String stdout) {

    public CommandResult {
        requireNonNull(stderr, "stderr");
        requireNonNull(stdout, "stdout");
    }

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, "", stdout);
    }
}
