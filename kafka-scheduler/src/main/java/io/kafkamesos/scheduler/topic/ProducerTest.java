package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.scheduler.topic.TopicRequests.ProducerTestSpec;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends N real records to a topic with a real producer as fast as it can, and measures each
 * record's latency from send to acknowledgement. Stops sending at the first failed record.
 */
final class ProducerTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerTest.class);

    private final Duration timeout;
    private final LongSupplier nanoTime;

    /** @param nanoTime the monotonic clock latencies are measured with (System::nanoTime) */
    ProducerTest(Duration timeout, LongSupplier nanoTime) {
        this.timeout = requireNonNull(timeout, "timeout");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    CommandResult run(String bootstrap, String topic, ProducerTestSpec spec) {
        return run(bootstrap, java.util.Map.of(), topic, spec);
    }

    /** @param security the scheduler's client security properties (issue 15) */
    CommandResult run(String bootstrap, java.util.Map<String, Object> security, String topic,
            ProducerTestSpec spec) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, spec.acks());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-mesos-producer-test");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 3);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, spec.recordBytes() + 1024));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        byte[] payload = payload(spec.recordBytes());
        LatencyStats stats = new LatencyStats(spec.messages());
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long elapsed;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            // Fails fast (within max.block.ms) when no broker answers, instead of once per record.
            producer.partitionsFor(topic);
            long start = nanoTime.getAsLong();
            for (int i = 0; i < spec.messages() && firstError.get() == null; i++) {
                long sent = nanoTime.getAsLong();
                producer.send(new ProducerRecord<>(topic, payload), (metadata, error) -> {
                    if (error == null) {
                        stats.record((int) ((nanoTime.getAsLong() - sent) / 1_000_000), payload.length);
                    } else {
                        firstError.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            elapsed = nanoTime.getAsLong() - start;
        } catch (KafkaException e) {
            throw KafkaCalls.translate("producer test on topic \"" + topic + "\"", e);
        }
        String summary = stats.summary(elapsed);
        LOG.info("Producer test on topic {}: {}", topic, summary.strip());
        Exception error = firstError.get();
        if (error != null) {
            return new CommandResult(1, (spec.messages() - stats.count()) + " of " + spec.messages()
                    + " records failed; first error: " + error + "\n", summary);
        }
        return CommandResult.ok(summary);
    }

    /** Random upper-case letters, so compression (if configured) does not flatter the figures. */
    private static byte[] payload(int size) {
        Random random = new Random();
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        return payload;
    }
}
