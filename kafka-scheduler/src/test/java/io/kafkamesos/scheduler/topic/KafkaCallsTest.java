package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.internals.KafkaFutureImpl;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaCallsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void mapsKafkaErrorsToWhoseFaultItIs() {
        assertThat(kind(new UnknownTopicOrPartitionException("x"))).isEqualTo(TopicException.Kind.NOT_FOUND);
        assertThat(kind(new InvalidPartitionsException("x"))).isEqualTo(TopicException.Kind.BAD_REQUEST);
        assertThat(kind(new InvalidConfigurationException("x"))).isEqualTo(TopicException.Kind.BAD_REQUEST);
        assertThat(kind(new TopicExistsException("x"))).isEqualTo(TopicException.Kind.CONFLICT);
        assertThat(kind(new TopicDeletionDisabledException("x"))).isEqualTo(TopicException.Kind.CONFLICT);
        assertThat(kind(new TimeoutException("x"))).isEqualTo(TopicException.Kind.UNAVAILABLE);
    }

    @Test
    void namesTheOperationAndKafkasReason() {
        assertThat(KafkaCalls.translate("creating topic \"t\"", new TopicExistsException("Topic 't' already exists."))
                .getMessage()).isEqualTo("creating topic \"t\": Topic 't' already exists.");
        assertThat(KafkaCalls.translate("deleting", new TopicDeletionDisabledException("off")).getMessage())
                .contains("delete.topic.enable=true");
    }

    @Test
    void noBrokerYetIsUnavailable() {
        KafkaCalls calls = new KafkaCalls(() -> "", TopicService.DEFAULT_TIMEOUT, Clock.systemUTC());
        try {
            calls.bootstrap();
            throw new AssertionError("expected a failure");
        } catch (TopicException e) {
            assertThat(e.kind()).isEqualTo(TopicException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("no Kafka broker is registered yet");
        }
    }

    @Test
    void retriesUnknownTopicUntilTheBrokerKnowsIt() {
        KafkaCalls calls = new KafkaCalls(() -> "b:9092", Duration.ofSeconds(10),
                MutableClock.stepping(START, Duration.ofSeconds(1)));
        AtomicInteger attempts = new AtomicInteger();
        String answer = calls.awaitKnownTopic(() -> attempts.incrementAndGet() < 3
                ? failed(new UnknownTopicOrPartitionException("not yet")) : KafkaFuture.completedFuture("config"), "op");
        assertThat(answer).isEqualTo("config");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpOnUnknownTopicAfterTheTimeoutAndDoesNotRetryOtherErrors() {
        KafkaCalls calls = new KafkaCalls(() -> "b:9092", Duration.ofSeconds(3),
                MutableClock.stepping(START, Duration.ofSeconds(1)));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.awaitKnownTopic(() -> {
            attempts.incrementAndGet();
            return failed(new UnknownTopicOrPartitionException("never"));
        }, "op")).isInstanceOfSatisfying(TopicException.class,
                e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.NOT_FOUND));
        assertThat(attempts.get()).isBetween(2, 5);

        attempts.set(0);
        assertThatThrownBy(() -> calls.awaitKnownTopic(() -> {
            attempts.incrementAndGet();
            return failed(new InvalidConfigurationException("bad"));
        }, "op")).hasMessage("op: bad");
        assertThat(attempts).hasValue(1);
    }

    private static <T> KafkaFuture<T> failed(Exception e) {
        KafkaFutureImpl<T> future = new KafkaFutureImpl<>();
        future.completeExceptionally(e);
        return future;
    }

    private static TopicException.Kind kind(Exception e) {
        return KafkaCalls.translate("op", e).kind();
    }
}
