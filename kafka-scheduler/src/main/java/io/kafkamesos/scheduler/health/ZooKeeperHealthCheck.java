package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/** Healthy while every ZooKeeper client (scheduler state, Kafka's) is connected. */
public final class ZooKeeperHealthCheck extends HealthCheck {

  private final Map<String, CuratorFramework> clients;
  private final Map<String, String> connectStrings;

  /** @param clients by name, e.g. "state" and "kafka", with what each connects to */
  public ZooKeeperHealthCheck(Map<String, CuratorFramework> clients, Map<String, String> connectStrings) {
    this.clients = new LinkedHashMap<>(clients);
    this.connectStrings = new LinkedHashMap<>(connectStrings);
  }

  @Override
  protected Result check() {
    StringBuilder down = new StringBuilder();
    for (Map.Entry<String, CuratorFramework> e : clients.entrySet()) {
      if (!e.getValue().getZookeeperClient().isConnected()) {
        down.append(down.length() == 0 ? "" : "; ")
            .append(e.getKey()).append(" ZooKeeper ").append(connectStrings.get(e.getKey()))
            .append(" is not connected");
      }
    }
    return down.length() == 0 ? Severity.HEALTHY.result("connected: " + connectStrings)
        : Severity.ERROR.result(down.toString());
  }
}
