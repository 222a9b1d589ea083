package io.kafkamesos.scheduler.web;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.health.BrokerProblems;
import io.kafkamesos.scheduler.health.Severity;
import io.kafkamesos.scheduler.observability.ClusterState;
import io.kafkamesos.scheduler.observability.SchedulerEvent;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.kafka.PartitionHealth.PartitionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/** Puts a {@link StatusReport} together from the pictures the scheduler already keeps. Pure. */
public final class StatusReports {

  /** How many partitions of each kind the report lists. */
  static final int LISTED = 50;

  private StatusReports() {
  }

  public static StatusReport of(String framework, Instant now, SchedulerView view,
      ClusterState cluster, SortedMap<String, HealthCheck.Result> health,
      List<SchedulerEvent> events) {
    List<StatusReport.Check> checks = new ArrayList<>();
    Severity worst = Severity.HEALTHY;
    for (Map.Entry<String, HealthCheck.Result> e : health.entrySet()) {
      Severity s = Severity.of(e.getValue());
      worst = worst.max(s);
      checks.add(new StatusReport.Check(e.getKey(), s.label(), e.getValue().getMessage()));
    }
    List<String> problems = BrokerProblems.of(view, cluster.registered());
    TreeSet<Integer> ids = new TreeSet<>(view.records().keySet());
    for (int id = 0; id < view.brokerCount(); id++) {
      ids.add(id);
    }
    List<StatusReport.Broker> brokers = new ArrayList<>();
    List<StatusReport.Broker> controllers = new ArrayList<>();
    for (int id : ids) {
      BrokerRecord r = view.records().get(id);
      if (r != null && r.kind().controller() && !r.kind().broker()) {
        // a KRaft controller: never registered as a broker; "up" while its task runs in the quorum
        controllers.add(node(id, r, r.state() == io.kafkamesos.scheduler.state.BrokerState.RUNNING,
            problems, "controller "));
      } else {
        brokers.add(broker(id, r, cluster, problems));
      }
    }
    List<StatusReport.Event> eventRows = events.stream().map(e -> new StatusReport.Event(
        e.at().toString(), e.brokerId(), e.kind(), e.message())).toList();
    return new StatusReport(framework, now.toString(), worst.label(), checks, brokers, controllers,
        cluster.controller(), new StatusReport.Partitions(cluster.partitions().size(),
            rows(cluster.underReplicated()), rows(cluster.offline()), cluster.error().orElse(null)),
        eventRows);
  }

  private static StatusReport.Broker broker(int id, BrokerRecord r, ClusterState cluster,
      List<String> problems) {
    return node(id, r, cluster.registered().contains(id), problems, "broker ");
  }

  /** @param who how the problems name the node: {@code "broker "} or {@code "controller "} */
  private static StatusReport.Broker node(int id, BrokerRecord r, boolean registered,
      List<String> problems, String who) {
    String problem = problems.stream().filter(p -> p.startsWith(who + id + " ")).findFirst()
        .orElse(null);
    if (r == null) {
      return new StatusReport.Broker(id, "NONE", null, 0, null, null, registered, null, problem);
    }
    long sinceMillis = switch (r.state()) {
      case RUNNING -> r.runningSinceMillis();
      case FAILED, LOST -> r.failedAtMillis();
      default -> 0;
    };
    return new StatusReport.Broker(id, r.state().name(), r.hostname(), r.port(),
        sinceMillis > 0 ? Instant.ofEpochMilli(sinceMillis).toString() : null, r.taskId(),
        registered, r.lastStatus(), problem);
  }

  private static List<StatusReport.Partition> rows(List<PartitionStatus> partitions) {
    return partitions.stream().limit(LISTED).map(p -> new StatusReport.Partition(p.topic(),
        p.partition(), p.leader(), p.replicas(), p.isr())).toList();
  }
}
