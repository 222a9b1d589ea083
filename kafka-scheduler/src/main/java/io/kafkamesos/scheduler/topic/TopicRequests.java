package io.kafkamesos.scheduler.topic;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Checks of request parameters that need no cluster: each returns the typed value or throws a
 * {@link TopicException} of kind {@code BAD_REQUEST} naming the parameter and what it must be.
 */
public final class TopicRequests {

    /** The most records one producer test may send; it runs inside a request. */
    public static final int MAX_TEST_MESSAGES = 1_000_000;
    /** The largest record one producer test may send (the broker default limit is about 1 MB). */
    public static final int MAX_TEST_RECORD_BYTES = 1_000_000;
    public static final int DEFAULT_TEST_RECORD_BYTES = 1024;
    /** Kafka's producer default since 3.0: a record counts once every in-sync replica has it. */
    public static final String DEFAULT_TEST_ACKS = "all";
    private static final Set<String> ACKS = Set.of("0", "1", "-1", "all");

    private TopicRequests() {
    }

    /** A required parameter, present and not blank. */
    public static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw TopicException.badRequest("missing query parameter '" + parameter + "'");
        }
        return value.trim();
    }

    /** A valid Kafka topic name (the rules of Kafka's own validation: length, characters, . and ..). */
    public static String topicName(String name) {
        String topic = required("name", name);
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            throw TopicException.badRequest("invalid topic name \"" + topic + "\": " + e.getMessage());
        }
        return topic;
    }

    /** A topic named in the path ({@code /v1/topics/<name>}): present, not blank, and valid. */
    public static String pathTopicName(String name) {
        if (name == null || name.isBlank()) {
            throw TopicException.badRequest("the topic name in the path is empty: /v1/topics/<name>");
        }
        return topicName(name);
    }

    /** A required integer parameter of at least {@code min}. */
    public static int atLeast(String parameter, String value, int min) {
        String text = required(parameter, value);
        int parsed;
        try {
            parsed = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw TopicException.badRequest(
                    "query parameter '" + parameter + "' must be an integer, got \"" + text + "\"");
        }
        if (parsed < min) {
            throw TopicException.badRequest(
                    "query parameter '" + parameter + "' must be at least " + min + ", got " + parsed);
        }
        return parsed;
    }

    /** An optional integer parameter within [min, max], or the default when absent. */
    public static int between(String parameter, String value, int min, int max, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed = atLeast(parameter, value, min);
        if (parsed > max) {
            throw TopicException.badRequest(
                    "query parameter '" + parameter + "' must be at most " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** The producer's acks setting: 0, 1, -1 or all; all when absent. */
    public static String acks(String value) {
        String acks = Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> v.toLowerCase(Locale.ROOT)).orElse(DEFAULT_TEST_ACKS);
        if (!ACKS.contains(acks)) {
            throw TopicException.badRequest(
                    "query parameter 'acks' must be one of 0, 1, -1 or all, got \"" + value + "\"");
        }
        return acks;
    }

    /** A producer test's settings. */
    public record ProducerTestSpec(int messages, int recordBytes, String acks) {
    }

    public static ProducerTestSpec producerTest(String messages, String size, String acks) {
        int count = atLeast("messages", messages, 1);
        if (count > MAX_TEST_MESSAGES) {
            throw TopicException.badRequest("query parameter 'messages' must be at most "
                    + MAX_TEST_MESSAGES + ", got " + count);
        }
        return new ProducerTestSpec(count,
                between("size", size, 1, MAX_TEST_RECORD_BYTES, DEFAULT_TEST_RECORD_BYTES),
                acks(acks));
    }
}
