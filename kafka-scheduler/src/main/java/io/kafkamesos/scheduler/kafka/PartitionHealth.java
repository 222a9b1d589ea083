package io.kafkamesos.scheduler.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds under-replicated and unavailable partitions from what ZooKeeper says, and prints them the
 * way {@code kafka-topics.sh --describe --under-replicated-partitions} (or
 * {@code --unavailable-partitions}) does: one tab-separated line per partition.
 */
public final class PartitionHealth {

    /** Kafka's "no leader" marker in a partition state. */
    public static final int NO_LEADER = -1;

    /** One partition: its assigned replicas and its current state. */
    public record PartitionStatus(String topic, int partition, List<Integer> replicas, int leader,
                                  List<Integer> isr) {
        public PartitionStatus {
            requireNonNull(topic, "topic");
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }
    }

    private static final Comparator<PartitionStatus> ORDER =
            Comparator.comparing(PartitionStatus::topic).thenComparingInt(PartitionStatus::partition);

    private PartitionHealth() {
    }

    /** Partitions whose in-sync replicas are fewer than their assigned replicas. */
    public static List<PartitionStatus> underReplicated(List<PartitionStatus> partitions) {
        return partitions.stream().filter(p -> p.isr().size() < p.replicas().size())
                .sorted(ORDER).toList();
    }

    /** Partitions without a leader, or whose leader is not a live broker. */
    public static List<PartitionStatus> unavailable(List<PartitionStatus> partitions,
                                                    Set<Integer> liveBrokers) {
        return partitions.stream()
                .filter(p -> p.leader() == NO_LEADER || !liveBrokers.contains(p.leader()))
                .sorted(ORDER).toList();
    }

    /** The tool's text: a line per partition, empty when there is none. */
    public static String describe(List<PartitionStatus> partitions) {
        StringBuilder out = new StringBuilder();
        for (PartitionStatus p : partitions) {
            out.append("\tTopic: ").append(p.topic())
                    .append("\tPartition: ").append(p.partition())
                    .append("\tLeader: ").append(p.leader() == NO_LEADER ? "none" : String.valueOf(p.leader()))
                    .append("\tReplicas: ").append(join(p.replicas()))
                    .append("\tIsr: ").append(join(p.isr()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
