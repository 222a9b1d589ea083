package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;

/**
 * Healthy while every ZooKeeper client (scheduler state, Kafka's) is connected; otherwise says
 * which is not and why ({@code cannot resolve master.mesos}, {@code nothing answers at ...}).
 */
public final class ZooKeeperHealthCheck extends HealthCheck {

  private final Map<String, CuratorFramework> clients;
  private final Map<String, String> connectStrings;
  private final Function<String, String> diagnose;

  /** @param clients by name, e.g. "state" and "kafka", with what each connects to */
  public ZooKeeperHealthCheck(Map<String, CuratorFramework> clients, Map<String, String> connectStrings) {
    this(clients, connectStrings, connect -> "");
  }

  /** @param diagnose why a connect string cannot be reached, in words ("" if it does not know) */
  public ZooKeeperHealthCheck(Map<String, CuratorFramework> clients, Map<String, String> connectStrings,
      Function<String, String> diagnose) {
    this.clients = new LinkedHashMap<>(clients);
    this.connectStrings = new LinkedHashMap<>(connectStrings);
    this.diagnose = java.util.Objects.requireNonNull(diagnose);
  }

  @Override
  protected Result check() {
    StringBuilder down = new StringBuilder();
    for (Map.Entry<String, CuratorFramework> e : clients.entrySet()) {
      if (!e.getValue().getZookeeperClient().isConnected()) {
        down.append(down.length() == 0 ? "" : "; ")
            .append(e.getKey()).append(" ZooKeeper ").append(connectStrings.get(e.getKey()))
            .append(" is not connected");
        String why = diagnose.apply(connectStrings.get(e.getKey()));
        if (why != null && !why.isEmpty()) {
          down.append(" (").append(why).append(")");
        }
      }
    }
    return down.length() == 0 ? Severity.HEALTHY.result("connected: " + connectStrings)
        : Severity.ERROR.result(down.toString());
  }
}
