package io.kafkamesos.scheduler.kraft;

import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.plan.ClusterView;
import io.kafkamesos.scheduler.security.ClientSecurity;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of a revert of a migration to KRaft, on a cluster whose target is ZooKeeper mode
 * again but whose brokers may still run as KRaft brokers (the revert's
 * {@value io.kafkamesos.scheduler.plan.Revert#DUAL_WRITE_BROKERS}). A KRaft broker does not
 * register in ZooKeeper; the KRaft controllers know it, and so does every broker's metadata
 * (they send it to the ZooKeeper-mode brokers in migration mode too).
 *
 * <p>While no registered broker holds {@code /controller} (a KRaft controller does, or none), the
 * view is ZooKeeper's (its partitions, which the controllers keep writing in dual-write, and the
 * controller {@code /controller} names) with the brokers the admin client describes added to the
 * registered ones; when the admin client cannot answer, ZooKeeper's alone (a KRaft broker then
 * counts as down, and the roll waits). Once a ZooKeeper-mode broker controls, ZooKeeper's alone. Preferred leader elections go through the admin
 * client, which reaches whichever controller is active (a KRaft controller does not read
 * ZooKeeper's election requests). The rest is ZooKeeper mode's.
 */
public final class RevertClusterOps implements ClusterOps {

  private static final Logger LOG = LoggerFactory.getLogger(RevertClusterOps.class);

  private final ClusterOps zookeeper;
  private final Supplier<Set<Integer>> described;
  private final IntConsumer elect;

  /**
   * The revert's cluster operations over {@code zookeeper}, with an admin client of their own that
   * reaches the brokers of {@code records} (still KRaft brokers, some of them, which ZooKeeper does
   * not know). The caller closes the returned {@link Wired#admin} when the scheduler stops.
   *
   * @param records the scheduler's records, as of now
   * @param listeners the listener the scheduler's clients use on the brokers
   * @param clientId the admin client's {@code client.id}
   * @param defaultMinInsync the brokers' {@code min.insync.replicas} (for topics without their own)
   */
  public static Wired wire(ClusterOps zookeeper, Supplier<Collection<BrokerRecord>> records,
      BrokerListeners listeners, String clientId, ClientSecurity security,
      IntSupplier defaultMinInsync) {
    KraftAdmin admin = new KraftAdmin(() -> Endpoints.brokers(records.get(), listeners), List::of,
        clientId, security);
    KraftClusterOps described = new KraftClusterOps(admin, defaultMinInsync);
    return new Wired(new RevertClusterOps(zookeeper, described::registered,
        described::electPreferredLeaders), admin);
  }

  /** A revert's operations and the admin client they own. */
  public record Wired(ClusterOps ops, AutoCloseable admin) {
  }

  /**
   * @param zookeeper the ZooKeeper-mode side ({@code KafkaClusterOps})
   * @param described the brokers the admin client describes ({@link KraftClusterOps#registered});
   *     throws when it cannot answer
   * @param elect a preferred leader election through the admin client (best effort)
   */
  public RevertClusterOps(ClusterOps zookeeper, Supplier<Set<Integer>> described,
      IntConsumer elect) {
    this.zookeeper = Objects.requireNonNull(zookeeper);
    this.described = Objects.requireNonNull(described);
    this.elect = Objects.requireNonNull(elect);
  }

  @Override
  public ClusterView view(Set<Integer> brokers) {
    ClusterView zk = zookeeper.view(brokers);
    if (zk.registered().contains(zk.controller())) {
      return zk; // a ZooKeeper-mode broker controls: no KRaft broker is left, ZooKeeper knows all
    }
    Set<Integer> more;
    try {
      more = described.get();
    } catch (RuntimeException e) {
      LOG.debug("The brokers cannot be described through the admin client: {}", e.getMessage());
      return zk;
    }
    return merged(zk, more);
  }

  /** {@code zk} with the {@code described} brokers registered too. */
  static ClusterView merged(ClusterView zk, Set<Integer> described) {
    Set<Integer> registered = new TreeSet<>(zk.registered());
    registered.addAll(described);
    return new ClusterView(zk.brokers(), registered, zk.controller(), zk.partitions());
  }

  @Override
  public void electPreferredLeaders(int brokerId) {
    elect.accept(brokerId);
  }

  @Override
  public void applyDynamicConfigs(Map<String, String> set, Set<String> remove) {
    zookeeper.applyDynamicConfigs(set, remove);
  }

  @Override
  public void reassign(Map<String, Map<Integer, List<Integer>>> replicas) {
    zookeeper.reassign(replicas);
  }
}
