package io.kafkamesos.scheduler.web;

import java.util.List;

/**
 * What {@code GET /v1/status} answers and the status page shows.
 *
 * @param framework the cluster's name
 * @param generatedAt when this was put together (ISO-8601)
 * @param severity the worst of the health checks: healthy, warning or error
 * @param health each health check's verdict
 * @param brokers each expected (or known) broker
 * @param controllers each controller of a KRaft cluster (empty in ZooKeeper mode), in the brokers'
 *     shape: {@code registered} is true while it runs in the quorum
 * @param controller the active controller's broker id, -1 when none or unknown
 * @param partitions the partitions that need attention
 * @param events the latest events, newest first
 */
public record StatusReport(String framework, String generatedAt, String severity,
    List<Check> health, List<Broker> brokers, List<Broker> controllers, int controller,
    Partitions partitions,
    List<Event> events) {

  /** One health check: its name, severity and message. */
  public record Check(String name, String severity, String message) {
  }

  /**
   * @param id broker id
   * @param state PENDING, STAGING, RUNNING, KILLING, FAILED, or NONE (never launched)
   * @param host the host of its latest launch, or null
   * @param port its port, 0 if none
   * @param since when it entered its current state as far as known (running since, failed at), or
   *     null
   * @param taskId its latest task, or null
   * @param registered whether Kafka's ZooKeeper has its registration
   * @param status the latest task status Mesos reported, or null
   * @param problem why it is not running and registered, or null
   */
  public record Broker(int id, String state, String host, int port, String since, String taskId,
      boolean registered, String status, String problem) {
  }

  /**
   * @param total how many partitions the cluster has
   * @param underReplicated partitions with fewer in-sync replicas than replicas
   * @param offline partitions without a live leader
   * @param error why they could not be read, or null
   */
  public record Partitions(int total, List<Partition> underReplicated, List<Partition> offline,
      String error) {
  }

  public record Partition(String topic, int partition, int leader, List<Integer> replicas,
      List<Integer> isr) {
  }

  public record Event(String at, int broker, String kind, String message) {
  }
}
