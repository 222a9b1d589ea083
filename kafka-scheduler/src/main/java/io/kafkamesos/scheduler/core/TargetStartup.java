package io.kafkamesos.scheduler.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.CuratorStateStore;
import io.kafkamesos.scheduler.state.TargetDirectory;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/**
 * Resolves the target configuration before the application is wired, with a ZooKeeper client of
 * its own (closed again): every part is then built with the settings of the target in force.
 */
public final class TargetStartup {

  private TargetStartup() {
  }

  /** @throws IllegalStateException when the state ZooKeeper cannot be reached in {@code timeout} */
  public static TargetResolver.Resolution resolve(SchedulerSettings env, PlanSettings plan,
      ObjectMapper json, Clock clock, Duration timeout) {
    try (CuratorFramework zk = ZooKeeperClients.client(env.zookeeperConnect(), null)) {
      zk.start();
      if (!zk.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot connect to the state ZooKeeper at "
            + env.zookeeperConnect() + " within " + timeout.toSeconds() + " s");
      }
      TargetDirectory directory = new TargetDirectory(zk, json);
      return new TargetResolver(name -> new CuratorStateStore(zk, json, name),
          name -> directory.renamedFrom(plan.marathonAppId(), name), clock).resolve(env, plan);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the target configuration", e);
    }
  }
}
