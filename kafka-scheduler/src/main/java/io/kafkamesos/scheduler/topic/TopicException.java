package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

/**
 * A topic operation that was refused or could not be carried out. The {@link Kind} says whose
 * fault it is; the message says what to fix. The API's {@code ErrorResponses} turns it into an
 * HTTP answer, so nothing below the resource needs to know about HTTP.
 */
public final class TopicException extends RuntimeException {

    /** Why the operation failed, with the HTTP status the API answers for it. */
    public enum Kind {
        /** The request names a topic that does not exist. */
        NOT_FOUND(404),
        /** The request itself is wrong: a bad name, count, key, value or a missing parameter. */
        BAD_REQUEST(400),
        /** The request is valid but clashes with the cluster: the topic exists, deletion is off. */
        CONFLICT(409),
        /** Kafka or ZooKeeper did not answer in time. */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public TopicException(Kind kind, String message) {
        this(kind, message, null);
    }

    public TopicException(Kind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.kind = requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static TopicException notFound(String topic) {
        return new TopicException(Kind.NOT_FOUND, "topic \"" + topic + "\" does not exist");
    }

    static TopicException badRequest(String message) {
        return new TopicException(Kind.BAD_REQUEST, message);
    }
}
