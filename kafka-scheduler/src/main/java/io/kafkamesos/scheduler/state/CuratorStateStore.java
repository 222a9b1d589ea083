package io.kafkamesos.scheduler.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * A {@link StateStore} in ZooKeeper, under {@code /<framework-name>/scheduler}: {@code framework_id}
 * (UTF-8 text), {@code target} (JSON), {@code plan} (JSON: the target's plan and how far it got),
 * {@code abandoned} (JSON list), {@code kraft} (JSON: a KRaft cluster's id and initial quorum) and
 * {@code brokers/<id>} (JSON, one per node: brokers by broker id, controllers by node id, the kind
 * in the record). Kafka's own nodes live beside it under the same
 * {@code /<framework-name>} chroot, so the scheduler keeps to its sub-path.
 */
public final class CuratorStateStore implements StateStore {

  private final CuratorFramework curator;
  private final ObjectMapper json;
  private final String root;

  /**
   * @param curator a started client
   * @param frameworkName the cluster's name: the store's root is {@code /<frameworkName>/scheduler}
   */
  public CuratorStateStore(CuratorFramework curator, ObjectMapper json, String frameworkName) {
    this.curator = Objects.requireNonNull(curator);
    this.json = Objects.requireNonNull(json);
    this.root = "/" + Objects.requireNonNull(frameworkName) + "/scheduler";
  }

  /** The root of the scheduler's nodes. */
  public String root() {
    return root;
  }

  @Override
  public Optional<String> frameworkId() {
    return read(root + "/framework_id").map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public void storeFrameworkId(String frameworkId) {
    write(root + "/framework_id", frameworkId.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void clearFrameworkId() {
    delete(root + "/framework_id");
  }

  @Override
  public Map<Integer, BrokerRecord> brokers() {
    Map<Integer, BrokerRecord> records = new TreeMap<>();
    try {
      for (String child : curator.getChildren().forPath(root + "/brokers")) {
        int id;
        try {
          id = Integer.parseInt(child);
        } catch (NumberFormatException e) {
          continue; // not ours
        }
        broker(id).ifPresent(r -> records.put(id, r));
      }
    } catch (KeeperException.NoNodeException e) {
      return records;
    } catch (Exception e) {
      throw new StateStoreException("cannot list " + root + "/brokers: " + e.getMessage(), e);
    }
    return records;
  }

  @Override
  public Optional<BrokerRecord> broker(int brokerId) {
    String path = brokerPath(brokerId);
    return read(path).map(bytes -> {
      try {
        return json.readValue(bytes, BrokerRecord.class);
      } catch (java.io.IOException e) {
        throw new StateStoreException("unreadable broker record at " + path + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void storeBroker(BrokerRecord record) {
    try {
      write(brokerPath(record.brokerId()), json.writeValueAsBytes(record));
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode the record of broker " + record.brokerId(), e);
    }
  }

  @Override
  public void removeBroker(int brokerId) {
    delete(brokerPath(brokerId));
  }

  @Override
  public Optional<Target> target() {
    String path = root + "/target";
    // empty: created for a transaction that did not go through
    return read(path).filter(bytes -> bytes.length > 0).map(bytes -> {
      try {
        return json.readValue(bytes, Target.class);
      } catch (java.io.IOException e) {
        throw new StateStoreException("unreadable target at " + path + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void storeTarget(Target target) {
    try {
      write(root + "/target", json.writeValueAsBytes(target));
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode target " + target.id(), e);
    }
  }

  @Override
  public void storeTarget(Target target, PlanState plan) {
    byte[] targetJson;
    byte[] planJson;
    try {
      targetJson = json.writeValueAsBytes(target);
      planJson = json.writeValueAsBytes(plan);
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode target " + target.id() + " and its plan", e);
    }
    ensureNode(root + "/target");
    ensureNode(root + "/plan");
    try {
      // one ZooKeeper transaction: a target is never stored without its plan
      curator.transaction().forOperations(
          curator.transactionOp().setData().forPath(root + "/target", targetJson),
          curator.transactionOp().setData().forPath(root + "/plan", planJson));
    } catch (Exception e) {
      throw new StateStoreException("cannot write " + root + "/target and /plan: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<PlanState> plan() {
    String path = root + "/plan";
    return read(path).filter(bytes -> bytes.length > 0).map(bytes -> {
      try {
        return json.readValue(bytes, PlanState.class);
      } catch (java.io.IOException e) {
        throw new StateStoreException("unreadable plan at " + path + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void storePlan(PlanState plan) {
    try {
      write(root + "/plan", json.writeValueAsBytes(plan));
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode the plan of target " + plan.targetId(), e);
    }
  }

  /** Creates {@code path} (empty) when it is missing, so that a transaction can set it. */
  private void ensureNode(String path) {
    try {
      curator.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
    } catch (KeeperException.NodeExistsException e) {
      // there already
    } catch (Exception e) {
      throw new StateStoreException("cannot create " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public java.util.List<AbandonedReservation> abandoned() {
    String path = root + "/abandoned";
    return read(path).map(bytes -> {
      try {
        return java.util.List.of(json.readValue(bytes, AbandonedReservation[].class));
      } catch (java.io.IOException e) {
        throw new StateStoreException("unreadable abandoned reservations at " + path + ": "
            + e.getMessage(), e);
      }
    }).orElse(java.util.List.of());
  }

  @Override
  public void storeAbandoned(java.util.List<AbandonedReservation> abandoned) {
    try {
      write(root + "/abandoned", json.writeValueAsBytes(abandoned));
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode the abandoned reservations", e);
    }
  }

  private String brokerPath(int brokerId) {
    return root + "/brokers/" + brokerId;
  }

  private Optional<byte[]> read(String path) {
    try {
      return Optional.of(curator.getData().forPath(path));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new StateStoreException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<KraftState> kraft() {
    String path = root + "/kraft";
    return read(path).map(bytes -> {
      try {
        return json.readValue(bytes, KraftState.class);
      } catch (java.io.IOException e) {
        throw new StateStoreException("unreadable KRaft state at " + path + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void clearKraft() {
    delete(root + "/kraft");
  }

  @Override
  public void storeKraft(KraftState kraft) {
    try {
      write(root + "/kraft", json.writeValueAsBytes(kraft));
    } catch (JsonProcessingException e) {
      throw new StateStoreException("cannot encode the KRaft state", e);
    }
  }

  private void write(String path, byte[] data) {
    try {
      try {
        curator.setData().forPath(path, data);
      } catch (KeeperException.NoNodeException e) {
        curator.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
      }
    } catch (Exception e) {
      throw new StateStoreException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private void delete(String path) {
    try {
      curator.delete().quietly().forPath(path);
    } catch (Exception e) {
      throw new StateStoreException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }
}
