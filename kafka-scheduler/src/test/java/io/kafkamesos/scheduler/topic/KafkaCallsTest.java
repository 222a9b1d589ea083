package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.internals.KafkaFutureImpl;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaCallsTest {

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
    void retriesARetriableErrorUntilKafkaAnswers() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        String answer = calls.call(() -> attempts.incrementAndGet() < 3
                ? failed(new UnknownTopicOrPartitionException("This server does not host this topic-partition."))
                : KafkaFuture.completedFuture("config"), "op");
        assertThat(answer).isEqualTo("config");
        assertThat(attempts).hasValue(3);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aRetriableErrorThatLastsIsA503WithKafkasReasonNeverA404() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            return failed(new UnknownTopicOrPartitionException("This server does not host this topic-partition."));
        }, "deleting topic \"t\"")).isInstanceOfSatisfying(TopicException.class, e -> {
            assertThat(e.kind()).isEqualTo(TopicException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("deleting topic \"t\": Kafka answered "
                    + "'This server does not host this topic-partition.' (UnknownTopicOrPartitionException, "
                    + "retriable) " + attempts.get() + " times in 8 s");
            assertThat(e.getCause()).isInstanceOf(UnknownTopicOrPartitionException.class);
        });
        // 100, 200, 400, 800 ms, then 1 s pauses until the 8 s are spent
        assertThat(time.pauses).startsWith(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(time.pauses.stream().mapToLong(Duration::toMillis).sum()).isBetween(7_000L, 8_000L);
        assertThat(attempts.get()).isEqualTo(time.pauses.size() + 1);
    }

    @Test
    void anErrorThatIsNotRetriableIsAnsweredAtOnce() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            return failed(new InvalidConfigurationException("bad"));
        }, "op")).hasMessage("op: bad");
        assertThat(attempts).hasValue(1);

        attempts.set(0);
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            return failed(new TimeoutException("Timed out waiting for a node assignment."));
        }, "op")).isInstanceOfSatisfying(TopicException.class,
                e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.UNAVAILABLE));
        assertThat(attempts).as("a timeout already waited its time").hasValue(1);
        assertThat(time.pauses).isEmpty();
    }

    @Test
    void aControllerBehindTheViewIsAskedAgainUntilItCountsTheNewBroker() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        String answer = calls.call(() -> attempts.incrementAndGet() < 3
                ? failed(new InvalidReplicationFactorException("Replication factor: 3 larger than available brokers: 2."))
                : KafkaFuture.completedFuture("created"), "creating topic \"t\"",
                failure -> failure instanceof InvalidReplicationFactorException);
        assertThat(answer).isEqualTo("created");
        assertThat(attempts).hasValue(3);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aControllerThatStaysBehindHasTheFinalWordAsA400() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            return failed(new InvalidReplicationFactorException("Replication factor: 3 larger than available brokers: 2."));
        }, "creating topic \"t\"", failure -> failure instanceof InvalidReplicationFactorException))
                .isInstanceOfSatisfying(TopicException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TopicException.Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(
                            "creating topic \"t\": Replication factor: 3 larger than available brokers: 2.");
                });
        assertThat(time.pauses.stream().mapToLong(Duration::toMillis).sum()).isBetween(7_000L, 8_000L);
        assertThat(attempts.get()).isEqualTo(time.pauses.size() + 1);
    }

    @Test
    void withoutTheBehindRuleTheSameErrorIsAnsweredAtOnce() {
        FakeTime time = new FakeTime();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            return failed(new InvalidReplicationFactorException("Replication factor: 3 larger than available brokers: 2."));
        }, "op")).isInstanceOf(TopicException.class);
        assertThat(attempts).hasValue(1);
        assertThat(time.pauses).isEmpty();
    }

    /** A clock that the sleeper moves forward: retries take no real time. */
    private static final class FakeTime extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final java.util.List<Duration> pauses = new java.util.ArrayList<>();

        KafkaCalls calls(Duration budget) {
            return new KafkaCalls(() -> "b:9092", Duration.ofSeconds(10), this, budget, pause -> {
                pauses.add(pause);
                now = now.plus(pause);
            });
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static <T> KafkaFuture<T> failed(Exception e) {
        KafkaFutureImpl<T> future = new KafkaFutureImpl<>();
        future.completeExceptionally(e);
        return future;
    }

}
