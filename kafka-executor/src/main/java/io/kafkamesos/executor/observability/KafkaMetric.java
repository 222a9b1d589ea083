package io.kafkamesos.executor.observability;

/**
 * The broker metrics the executor reads over JMX and sends to statsd as
 * {@code <prefix>.<framework>.broker.<id>.<name>}. Rates are Kafka's one-minute moving averages.
 */
public enum KafkaMetric {
  MESSAGES_IN_PER_SEC("messages_in_per_sec",
      "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", "OneMinuteRate"),
  BYTES_IN_PER_SEC("bytes_in_per_sec",
      "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec", "OneMinuteRate"),
  BYTES_OUT_PER_SEC("bytes_out_per_sec",
      "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec", "OneMinuteRate"),
  UNDER_REPLICATED_PARTITIONS("under_replicated_partitions",
      "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions", "Value"),
  PARTITION_COUNT("partition_count",
      "kafka.server:type=ReplicaManager,name=PartitionCount", "Value"),
  LEADER_COUNT("leader_count",
      "kafka.server:type=ReplicaManager,name=LeaderCount", "Value"),
  ACTIVE_CONTROLLER_COUNT("active_controller_count",
      "kafka.controller:type=KafkaController,name=ActiveControllerCount", "Value"),
  OFFLINE_PARTITIONS_COUNT("offline_partitions_count",
      "kafka.controller:type=KafkaController,name=OfflinePartitionsCount", "Value"),
  PRODUCE_TOTAL_TIME_MS_MEAN("produce_total_time_ms_mean",
      "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce", "Mean"),
  PRODUCE_TOTAL_TIME_MS_P99("produce_total_time_ms_p99",
      "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce", "99thPercentile"),
  FETCH_CONSUMER_TOTAL_TIME_MS_P99("fetch_consumer_total_time_ms_p99",
      "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchConsumer", "99thPercentile"),
  ISR_SHRINKS_PER_SEC("isr_shrinks_per_sec",
      "kafka.server:type=ReplicaManager,name=IsrShrinksPerSec", "OneMinuteRate"),
  ISR_EXPANDS_PER_SEC("isr_expands_per_sec",
      "kafka.server:type=ReplicaManager,name=IsrExpandsPerSec", "OneMinuteRate");

  private final String statName;
  private final String objectName;
  private final String attribute;

  KafkaMetric(String statName, String objectName, String attribute) {
    this.statName = statName;
    this.objectName = objectName;
    this.attribute = attribute;
  }

  /** The last part of the statsd name. */
  public String statName() {
    return statName;
  }

  /** The broker's MBean. */
  public String objectName() {
    return objectName;
  }

  /** The MBean attribute read. */
  public String attribute() {
    return attribute;
  }
}
