package io.kafkamesos.scheduler.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.CuratorStateStore;
import io.kafkamesos.scheduler.state.StateStoreException;
import io.kafkamesos.scheduler.state.TargetDirectory;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.time.Clock;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/**
 * Resolves the target configuration before the leader's parts are wired: every part is then built
 * with the settings of the target in force. Only the leader does this (it may store a new target).
 */
public final class TargetStartup {

  private TargetStartup() {
  }

  /**
   * @param zk a started client of the state ZooKeeper
   * @throws StateStoreException when the state ZooKeeper is not connected within {@code wait}, or
   *     cannot be read or written
   */
  public static TargetResolver.Resolution resolve(SchedulerSettings env, PlanSettings plan,
      ObjectMapper json, Clock clock, CuratorFramework zk, Duration wait) {
    return resolve(env, SecurityTarget.NONE, plan, json, clock, zk, wait);
  }

  /** As {@link #resolve(SchedulerSettings, PlanSettings, ObjectMapper, Clock, CuratorFramework, Duration)}, with the environment's security options. */
  public static TargetResolver.Resolution resolve(SchedulerSettings env, SecurityTarget security,
      PlanSettings plan, ObjectMapper json, Clock clock, CuratorFramework zk, Duration wait) {
    if (!ZooKeeperClients.connected(zk, wait)) {
      throw new StateStoreException("the state ZooKeeper at " + env.zookeeperConnect()
          + " is not connected", null);
    }
    TargetDirectory directory = new TargetDirectory(zk, json);
    return new TargetResolver(name -> new CuratorStateStore(zk, json, name),
        name -> directory.renamedFrom(plan.marathonAppId(), name), clock).resolve(env, security, plan);
  }
}
