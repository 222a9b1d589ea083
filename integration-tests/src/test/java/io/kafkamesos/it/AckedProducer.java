package io.kafkamesos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent {@code acks=all} producer that sends numbered records in batches on its own thread
 * (one batch in flight at a time) and remembers where each acknowledged record landed, to check
 * them all back afterwards; it also times every send, per {@link #window()}.
 */
public final class AckedProducer implements AutoCloseable {

  /** Where an acknowledged record is. */
  public record Acked(int partition, long offset, long number) {
  }

  /**
   * What happened to the sends that ended since the previous {@link #window()}: how many were
   * acknowledged, the errors, and the worst and 99th percentile time from send to acknowledgement.
   */
  public record Window(long acknowledged, List<String> errors, double maxMs, double p99Ms) {
  }

  private static final int BATCH = 50;

  private final String topic;
  private final KafkaProducer<String, String> producer;
  private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> windowLatencies = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> windowErrors = new ConcurrentLinkedQueue<>();
  private final AtomicLong windowAcked = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private boolean closed;
  /** At most this many records a second; 0: as fast as acknowledgements come. */
  private final int maxPerSecond;

  private AckedProducer(String bootstrap, String topic, int maxPerSecond, Map<String, Object> security) {
    this.topic = topic;
    this.maxPerSecond = maxPerSecond;
    Properties props = new Properties();
    props.putAll(security);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    thread = new Thread(this::run, "acked-producer");
    thread.setDaemon(true);
  }

  public static AckedProducer start(String bootstrap, String topic) {
    return start(bootstrap, topic, 0);
  }

  /** A producer that sends at most {@code maxPerSecond} records a second (0: no limit). */
  public static AckedProducer start(String bootstrap, String topic, int maxPerSecond) {
    return start(bootstrap, topic, maxPerSecond, Map.of());
  }

  /** A producer with {@code security} in its configuration (e.g. SSL and a trust store). */
  public static AckedProducer start(String bootstrap, String topic, int maxPerSecond,
      Map<String, Object> security) {
    AckedProducer p = new AckedProducer(bootstrap, topic, maxPerSecond, security);
    p.thread.start();
    return p;
  }

  /** Waits until {@code sent} records are due at the configured rate since {@code started}. */
  private void pace(long sent, long started) {
    long due = started + TimeUnit.SECONDS.toNanos(1) * sent / maxPerSecond;
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
      }
    }
  }

  private void run() {
    long started = System.nanoTime();
    long next = 0;
    while (running.get()) {
      for (int i = 0; i < BATCH; i++) {
        long number = next++;
        long sent = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, Long.toString(number % 97), Long.toString(number)),
            (metadata, error) -> {
              windowLatencies.add(System.nanoTime() - sent);
              if (error != null) {
                errors.add(number + ": " + error);
                windowErrors.add(number + ": " + error);
              } else {
                acked.add(new Acked(metadata.partition(), metadata.offset(), number));
                windowAcked.incrementAndGet();
              }
            });
      }
      producer.flush(); // paces the sender: one batch in flight at a time
      if (maxPerSecond > 0) {
        pace(next, started);
      }
    }
  }

  public long acknowledged() {
    return acked.size();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Takes what was measured since the previous call and starts a new window. */
  public Window window() {
    List<Long> taken = new ArrayList<>();
    for (Long l = windowLatencies.poll(); l != null; l = windowLatencies.poll()) {
      taken.add(l);
    }
    List<String> failed = new ArrayList<>();
    for (String e = windowErrors.poll(); e != null; e = windowErrors.poll()) {
      failed.add(e);
    }
    long[] sorted = taken.stream().mapToLong(Long::longValue).sorted().toArray();
    double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    double p99 = sorted.length == 0 ? Double.NaN
        : sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e6;
    return new Window(windowAcked.getAndSet(0), failed, max, p99);
  }

  public void stop() throws InterruptedException {
    running.set(false);
    thread.join(TimeUnit.MINUTES.toMillis(10));
  }

  /**
   * The check every test under this producer ends with: it stops sending, gave up on no record,
   * and every record it had acknowledged reads back from {@code bootstrap} at its offset, in send
   * order per partition.
   */
  public void stopAndAssertNothingLost(String bootstrap) throws InterruptedException {
    stop();
    assertThat(errors()).as("records the producer gave up on").isEmpty();
    assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap);
  }

  /** Reads the topic back: every acknowledged record at its offset, in send order per partition. */
  public void assertEveryAcknowledgedRecordIsConsumedInOrder(String bootstrap) {
    assertEveryAcknowledgedRecordIsConsumedInOrder(bootstrap, Map.of());
  }

  /** As {@link #assertEveryAcknowledgedRecordIsConsumedInOrder(String)}, reading with {@code security}. */
  public void assertEveryAcknowledgedRecordIsConsumedInOrder(String bootstrap,
      Map<String, Object> security) {
    Map<Integer, List<Acked>> byPartition = new HashMap<>();
    acked.forEach(a -> byPartition.computeIfAbsent(a.partition(), p -> new ArrayList<>()).add(a));
    Map<TopicPartition, Map<Long, String>> consumed = consume(bootstrap, security);
    int checked = 0;
    for (var entry : byPartition.entrySet()) {
      List<Acked> list = new ArrayList<>(entry.getValue());
      list.sort(Comparator.comparingLong(Acked::offset));
      Map<Long, String> records = consumed.getOrDefault(new TopicPartition(topic, entry.getKey()), Map.of());
      long previous = -1;
      for (Acked a : list) {
        assertThat(records.get(a.offset())).as("record %s at %s-%s", a.number(), topic, a.partition())
            .isEqualTo(Long.toString(a.number()));
        assertThat(a.number()).as("send order in partition %s", a.partition()).isGreaterThan(previous);
        previous = a.number();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(acked.size()).isPositive();
  }

  private Map<TopicPartition, Map<Long, String>> consume(String bootstrap, Map<String, Object> security) {
    Properties props = new Properties();
    props.putAll(security);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<TopicPartition, Map<Long, String>> result = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
          result.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new HashMap<>())
              .put(r.offset(), r.value());
        }
      }
    }
    return result;
  }

  /** Stops sending and closes the producer; closing again does nothing. */
  @Override
  public synchronized void close() throws InterruptedException {
    stop();
    if (!closed) {
      closed = true;
      producer.close(Duration.ofSeconds(30));
    }
  }
}
