package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import io.kafkamesos.scheduler.security.ClientSecurity;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's admin client for the current brokers, and the bounded wait on its answers. The client
 * is kept between requests and rebuilt when the bootstrap servers change. Retriable errors are
 * tried again within a bound; Kafka's errors become {@link TopicException}s with the HTTP meaning
 * of the failure ({@link KafkaErrors}).
 */
final class KafkaCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCalls.class);

    /** How long retriable errors are tried again before the API answers 503. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(8);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    /** Waits between tries; {@code Thread::sleep} in production. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final Supplier<String> bootstrapServers;
    private final Duration timeout;
    private final Clock clock;
    private final Duration retryBudget;
    private final Sleeper sleeper;
    private final ClientSecurity security;
    private Admin admin;
    private String adminBootstrap;

    KafkaCalls(Supplier<String> bootstrapServers, Duration timeout, Clock clock) {
        this(bootstrapServers, timeout, clock, ClientSecurity.PLAINTEXT);
    }

    /** @param security the scheduler's client security on a secure cluster (issue 15) */
    KafkaCalls(Supplier<String> bootstrapServers, Duration timeout, Clock clock, ClientSecurity security) {
        this(bootstrapServers, timeout, clock, RETRY_BUDGET, pause -> Thread.sleep(pause.toMillis()),
            security);
    }

    KafkaCalls(Supplier<String> bootstrapServers, Duration timeout, Clock clock, Duration retryBudget,
               Sleeper sleeper) {
        this(bootstrapServers, timeout, clock, retryBudget, sleeper, ClientSecurity.PLAINTEXT);
    }

    KafkaCalls(Supplier<String> bootstrapServers, Duration timeout, Clock clock, Duration retryBudget,
               Sleeper sleeper, ClientSecurity security) {
        this.security = requireNonNull(security, "security");
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = requireNonNull(timeout, "timeout");
        this.clock = requireNonNull(clock, "clock");
        this.retryBudget = requireNonNull(retryBudget, "retryBudget");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    /** The scheduler's client security properties; 503 while it has no certificate yet. */
    Map<String, Object> securityProperties() {
        try {
            return security.properties();
        } catch (IllegalStateException e) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE, e.getMessage(), e);
        }
    }

    Duration timeout() {
        return timeout;
    }

    int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The current bootstrap servers; {@code UNAVAILABLE} when no broker is known yet. */
    String bootstrap() {
        String servers = bootstrapServers.get();
        if (servers == null || servers.isBlank()) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE,
                    "no Kafka broker is registered yet; wait for the brokers to start");
        }
        return servers;
    }

    synchronized Admin admin() {
        String servers = bootstrap();
        if (admin == null || !servers.equals(adminBootstrap)) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
            props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-mesos-topics");
            props.putAll(securityProperties());
            LOG.info("Connecting the topic admin client to {}", servers);
            try {
                admin = Admin.create(props);
            } catch (KafkaException e) {
                admin = null;
                // e.g. no bootstrap address resolves: the brokers are not reachable from here
                throw translate("connecting to Kafka at " + servers, e);
            }
            adminBootstrap = servers;
        }
        return admin;
    }

    /**
     * Sends a request and waits at most the timeout for Kafka's answer; retries an error Kafka
     * marks retriable ({@link KafkaErrors#retriable}) with a backoff, within {@link #retryBudget},
     * then answers 503 with Kafka's reason. {@code what} names the request in error messages.
     */
    <T> T call(Supplier<KafkaFuture<T>> request, String what) {
        return call(request, what, failure -> false);
    }

    /**
     * As {@link #call}, and also tries again, within the same budget, a failure that
     * {@code behind} says only shows the answering broker behind the scheduler's view (a broker
     * registered a moment ago that the controller does not count yet). When such a failure lasts,
     * it is Kafka's final word and is answered as Kafka gave it.
     */
    <T> T call(Supplier<KafkaFuture<T>> request, String what, Predicate<Throwable> behind) {
        return retrying(what, () -> request.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS), behind);
    }

    /** One try of a request: Kafka's answer, or its failure as thrown. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or retriable errors outlast the budget. */
    <T> T retrying(String what, Attempt<T> attempt) {
        return retrying(what, attempt, failure -> false);
    }

    private <T> T retrying(String what, Attempt<T> attempt, Predicate<Throwable> behind) {
        Instant deadline = clock.instant().plus(retryBudget);
        Duration pause = FIRST_PAUSE;
        for (int attempts = 1; ; attempts++) {
            Throwable failure;
            try {
                return attempt.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicException(TopicException.Kind.UNAVAILABLE, what + ": interrupted", e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TopicException(TopicException.Kind.UNAVAILABLE, what + ": Kafka did not answer within "
                        + timeout.toSeconds() + " s; check that the brokers are running", e);
            } catch (ExecutionException e) {
                failure = e.getCause() == null ? e : e.getCause();
            } catch (KafkaException e) {
                failure = e;
            }
            boolean retriable = KafkaErrors.retriable(failure);
            if (!retriable && !behind.test(failure)) {
                throw KafkaErrors.translate(what, failure);
            }
            if (clock.instant().plus(pause).isAfter(deadline)) {
                if (!retriable) {
                    LOG.warn("{}: Kafka still answers {} after {} tries; answering it", what, failure, attempts);
                    throw KafkaErrors.translate(what, failure);
                }
                LOG.warn("{}: Kafka still answers {} after {} tries; giving up", what, failure, attempts);
                throw KafkaErrors.exhausted(what, failure, attempts, retryBudget);
            }
            LOG.info("{}: Kafka answered {} ({}); trying again in {} ms", what, failure,
                    retriable ? "retriable" : "behind the scheduler's view", pause.toMillis());
            sleep(pause, what);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    private void sleep(Duration pause, String what) {
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicException(TopicException.Kind.UNAVAILABLE, what + ": interrupted", e);
        }
    }

    /** Kafka's exception as the API's failure (see {@link KafkaErrors#translate}). */
    static TopicException translate(String what, Throwable cause) {
        return KafkaErrors.translate(what, cause);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
