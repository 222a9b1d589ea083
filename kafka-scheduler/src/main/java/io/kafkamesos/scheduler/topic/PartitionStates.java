package io.kafkamesos.scheduler.topic;

import java.util.List;
import java.util.Map;

/**
 * A topic's partition states as Kafka keeps them in ZooKeeper, one single-key object per
 * partition in partition order: {@code {"partitions":[{"0":{"controller_epoch":1,"isr":[0],...}}]}}.
 */
public record PartitionStates(List<Map<String, Map<String, Object>>> partitions) {
    public PartitionStates {
        partitions = List.copyOf(partitions);
    }
}
