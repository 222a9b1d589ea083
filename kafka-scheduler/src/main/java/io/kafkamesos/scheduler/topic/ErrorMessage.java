package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

/** The JSON body of every refused topic request: {@code {"message":"<what to fix>"}}. */
public record ErrorMessage(String message) {
    public ErrorMessage {
        requireNonNull(message, "message");
    }
}
