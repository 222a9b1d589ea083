package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the targets of other clusters kept in the same ZooKeeper ({@code /<name>/scheduler/target}
 * beside ours), so that a scheduler whose {@code FRAMEWORK_NAME} was changed in its Marathon app can
 * recognise the cluster it used to run: the target records the Marathon app id.
 */
public final class TargetDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(TargetDirectory.class);

  private final CuratorFramework stateZk;
  private final ObjectMapper json;

  public TargetDirectory(CuratorFramework stateZk, ObjectMapper json) {
    this.stateZk = Objects.requireNonNull(stateZk);
    this.json = Objects.requireNonNull(json);
  }

  /** The target of another framework name that the Marathon app {@code appId} ran, if any. */
  public Optional<Target> renamedFrom(String appId, String frameworkName) {
    if (appId == null) {
      return Optional.empty();
    }
    try {
      for (String name : stateZk.getChildren().forPath("/")) {
        if (name.equals(frameworkName) || name.equals("zookeeper")) {
          continue;
        }
        try {
          Target t = json.readValue(stateZk.getData().forPath("/" + name + "/scheduler/target"),
              Target.class);
          if (appId.equals(t.configuration().marathonAppId())
              && name.equals(t.configuration().frameworkName())) {
            return Optional.of(t);
          }
        } catch (KeeperException.NoNodeException e) {
          // not a cluster of ours
        } catch (java.io.IOException e) {
          LOG.debug("unreadable target under /{}: {}", name, e.getMessage());
        }
      }
    } catch (Exception e) {
      LOG.warn("cannot look for renamed clusters in ZooKeeper: {}", e.getMessage());
    }
    return Optional.empty();
  }
}
