package io.kafkamesos.it.plan;

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
 * and remembers where each acknowledged record landed, to check them all back afterwards.
 */
final class AckedProducer implements AutoCloseable {

  /** Where an acknowledged record is. */
  record Acked(int partition, long offset, long number) {
  }

  private static final int BATCH = 50;

  private final String topic;
  private final KafkaProducer<String, String> producer;
  private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private AckedProducer(String bootstrap, String topic) {
    this.topic = topic;
    Properties props = new Properties();
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

  static AckedProducer start(String bootstrap, String topic) {
    AckedProducer p = new AckedProducer(bootstrap, topic);
    p.thread.start();
    return p;
  }

  private void run() {
    long next = 0;
    while (running.get()) {
      for (int i = 0; i < BATCH; i++) {
        long number = next++;
        producer.send(new ProducerRecord<>(topic, Long.toString(number % 97), Long.toString(number)),
            (metadata, error) -> {
              if (error != null) {
                errors.add(number + ": " + error);
              } else {
                acked.add(new Acked(metadata.partition(), metadata.offset(), number));
              }
            });
      }
      producer.flush(); // paces the sender: one batch in flight at a time
    }
  }

  long acknowledged() {
    return acked.size();
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  void stop() throws InterruptedException {
    running.set(false);
    thread.join(TimeUnit.MINUTES.toMillis(10));
  }

  /** Reads the topic back: every acknowledged record at its offset, in send order per partition. */
  void assertEveryAcknowledgedRecordIsConsumedInOrder(String bootstrap) {
    Map<Integer, List<Acked>> byPartition = new HashMap<>();
    acked.forEach(a -> byPartition.computeIfAbsent(a.partition(), p -> new ArrayList<>()).add(a));
    Map<TopicPartition, Map<Long, String>> consumed = consume(bootstrap);
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

  private Map<TopicPartition, Map<Long, String>> consume(String bootstrap) {
    Properties props = new Properties();
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

  @Override
  public void close() throws InterruptedException {
    stop();
    producer.close(Duration.ofSeconds(30));
  }
}
