package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's admin client for the current brokers, and the bounded wait on its answers. The client
 * is kept between requests and rebuilt when the bootstrap servers change. Kafka's errors become
 * {@link TopicException}s with the HTTP meaning of the failure.
 */
final class KafkaCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCalls.class);

    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final Supplier<String> bootstrapServers;
    private final Duration timeout;
    private final Clock clock;
    private Admin admin;
    private String adminBootstrap;

    KafkaCalls(Supplier<String> bootstrapServers, Duration timeout, Clock clock) {
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = requireNonNull(timeout, "timeout");
        this.clock = requireNonNull(clock, "clock");
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

    /** Waits for an admin answer at most the timeout; {@code what} names it in error messages. */
    <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TopicException(TopicException.Kind.UNAVAILABLE, what + ": Kafka did not answer within "
                    + timeout.toSeconds() + " s; check that the brokers are running", e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Like {@link #await}, but retries while Kafka answers "unknown topic": for calls about a
     * topic that ZooKeeper already has, which a broker learns of a moment later.
     */
    <T> T awaitKnownTopic(Supplier<KafkaFuture<T>> call, String what) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            try {
                return await(call.get(), what);
            } catch (TopicException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || clock.instant().isAfter(deadline)) {
                    throw e;
                }
                LOG.debug("{}: the broker does not know the topic yet; retrying", what);
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicException(TopicException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    /** Kafka's exception as the API's failure. */
    static TopicException translate(String what, Throwable cause) {
        if (cause instanceof TopicException te) {
            return te;
        }
        String detail = what + ": " + cause.getMessage();
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new TopicException(TopicException.Kind.NOT_FOUND, detail, cause);
        }
        if (cause instanceof TopicExistsException) {
            return new TopicException(TopicException.Kind.CONFLICT, detail, cause);
        }
        if (cause instanceof TopicDeletionDisabledException) {
            return new TopicException(TopicException.Kind.CONFLICT,
                    what + ": topic deletion is disabled on the brokers; set delete.topic.enable=true", cause);
        }
        if (cause instanceof InvalidTopicException || cause instanceof InvalidPartitionsException
                || cause instanceof InvalidReplicationFactorException
                || cause instanceof InvalidConfigurationException || cause instanceof InvalidRequestException
                || cause instanceof PolicyViolationException) {
            return new TopicException(TopicException.Kind.BAD_REQUEST, detail, cause);
        }
        return unavailable(what, cause);
    }

    private static TopicException unavailable(String what, Throwable cause) {
        return new TopicException(TopicException.Kind.UNAVAILABLE,
                what + ": Kafka failed: " + cause + "; check that the brokers are running", cause);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
