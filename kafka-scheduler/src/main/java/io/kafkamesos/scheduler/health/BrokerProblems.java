package io.kafkamesos.scheduler.health;

import io.kafkamesos.scheduler.core.SchedulerView;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Says, broker by broker, why the cluster is not whole: pure, for the health check. */
public final class BrokerProblems {

  private BrokerProblems() {
  }

  /**
   * @param view the scheduler's picture
   * @param registered the broker ids registered in Kafka's ZooKeeper
   * @return one line per expected broker that is not running and registered; empty when all are
   */
  public static List<String> of(SchedulerView view, Set<Integer> registered) {
    return of(view, registered, java.util.Map.of());
  }

  /**
   * @param lostLines what each lost broker waits for (see {@code LostBrokers#describe}), by id;
   *     a lost broker without a line gets a short one
   */
  public static List<String> of(SchedulerView view, Set<Integer> registered,
      java.util.Map<Integer, String> lostLines) {
    List<String> problems = new ArrayList<>();
    for (int id = 0; id < view.brokerCount(); id++) {
      BrokerRecord r = view.records().get(id);
      String waitReason = view.waitReasons().get(id);
      if (r == null) {
        problems.add(waitReason != null ? waitReason : "broker " + id + " waits for an offer");
        continue;
      }
      switch (r.state()) {
        case PENDING -> problems.add(waitReason != null ? waitReason
            : "broker " + id + " waits for an offer (" + describe(r.lastRestartReason()) + ")");
        case STAGING -> problems.add("broker " + id + " is starting on " + r.hostname() + " (task "
            + r.taskId() + ")");
        case KILLING -> problems.add("broker " + id + " is being restarted (task " + r.taskId() + ")");
        case FAILED -> {
          Instant at = view.relaunchAt().get(id);
          problems.add("broker " + id + " failed (" + describe(r.lastStatus()) + ")"
              + (at != null ? "; relaunch at " + at : waitReason != null ? "; " + waitReason : ""));
        }
        case RUNNING -> {
          if (!registered.contains(id)) {
            // a KRaft cluster (its records hold controllers) registers brokers with its controllers
            boolean kraft = view.records().values().stream().anyMatch(n -> n.kind().controller());
            problems.add("broker " + id + " runs on " + r.hostname() + " but is not registered "
                + (kraft ? "with the KRaft controllers" : "in Kafka's ZooKeeper"));
          }
        }
        case LOST -> problems.add(lostLines.getOrDefault(id, "broker " + id + " lost with agent "
            + r.agentId() + " (" + r.hostname() + ") since " + Instant.ofEpochMilli(r.failedAtMillis())));
        case REMOVING -> problems.add("broker " + id + " is being removed: its partition replicas move "
            + "to the other brokers");
        case REMOVED -> {
          // gone on purpose
        }
        default -> problems.add("broker " + id + " is " + r.state());
      }
    }
    return problems;
  }

  /**
   * How bad the problems {@link #of} lists are: {@link Severity#WARNING} while every broker that is
   * not running is on its way back from a restart (being killed, starting, or waiting to relaunch
   * after a requested restart); {@link Severity#ERROR} when a broker failed, was never launched, or
   * runs without being registered.
   */
  public static Severity severity(SchedulerView view, Set<Integer> registered) {
    Severity worst = Severity.HEALTHY;
    for (int id = 0; id < view.brokerCount(); id++) {
      BrokerRecord r = view.records().get(id);
      Severity s;
      if (r == null) {
        s = Severity.ERROR;
      } else {
        s = switch (r.state()) {
          case RUNNING -> registered.contains(id) ? Severity.HEALTHY : Severity.ERROR;
          case STAGING, KILLING, REMOVING -> Severity.WARNING;
          case REMOVED -> Severity.HEALTHY;
          case PENDING -> r.taskId() != null ? Severity.WARNING : Severity.ERROR;
          default -> Severity.ERROR;
        };
      }
      worst = worst.max(s);
    }
    return worst;
  }

  private static String describe(String text) {
    return text == null ? "no status yet" : text;
  }
}
