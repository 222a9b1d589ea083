package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
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

    /** What a controller that does not count a broker registered a moment ago answers. */
    private static final String BEHIND_ANSWER = "Replication factor: 3 larger than available brokers: 2.";
    private static final Predicate<Throwable> BEHIND = e -> e instanceof InvalidReplicationFactorException;

    @Test
    void aControllerBehindTheViewIsAskedAgainUntilItCountsTheNewBroker() {
        FakeTime time = new FakeTime();
        AtomicInteger attempts = new AtomicInteger();
        String answer = time.calls(Duration.ofSeconds(8)).call(behindFor(2, attempts), "creating topic \"t\"", BEHIND);
        assertThat(answer).isEqualTo("created");
        assertThat(attempts).hasValue(3);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aControllerThatStaysBehindHasTheFinalWordAsA400() {
        FakeTime time = new FakeTime();
        AtomicInteger attempts = new AtomicInteger();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        assertThatThrownBy(() -> calls.call(behindFor(Integer.MAX_VALUE, attempts), "creating topic \"t\"", BEHIND))
                .isInstanceOfSatisfying(TopicException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TopicException.Kind.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("creating topic \"t\": " + BEHIND_ANSWER);
                });
        assertThat(time.pauses.stream().mapToLong(Duration::toMillis).sum()).isBetween(7_000L, 8_000L);
        assertThat(attempts.get()).isEqualTo(time.pauses.size() + 1);
    }

    @Test
    void withoutTheBehindRuleTheSameErrorIsAnsweredAtOnce() {
        FakeTime time = new FakeTime();
        AtomicInteger attempts = new AtomicInteger();
        KafkaCalls calls = time.calls(Duration.ofSeconds(8));
        assertThatThrownBy(() -> calls.call(behindFor(Integer.MAX_VALUE, attempts), "op"))
                .isInstanceOfSatisfying(TopicException.class,
                        e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.BAD_REQUEST));
        assertThat(attempts).hasValue(1);
        assertThat(time.pauses).isEmpty();
    }

    /** A create that the controller refuses {@code times} times as {@link #BEHIND_ANSWER}, then carries out. */
    private static Supplier<KafkaFuture<String>> behindFor(int times, AtomicInteger attempts) {
        return () -> attempts.incrementAndGet() <= times
                ? failed(new InvalidReplicationFactorException(BEHIND_ANSWER))
                : KafkaFuture.completedFuture("created");
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
