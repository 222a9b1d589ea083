package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.BrokerState;
import java.util.ArrayList;
import java.util.List;
import io.kafkamesos.scheduler.kafka.KafkaRegistrations;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;

/**
 * The broker operations of the HTTP API, without HTTP: list, describe, restart, and how clients
 * connect. Restarts run on the scheduler's {@link EventLoop}.
 */
public final class BrokerService {

  /**
   * What {@code /v1/connection} answers: the brokers, and Kafka's ZooKeeper (ZooKeeper mode) or the
   * controller quorum (KRaft: {@code "controllers"} in place of {@code "zookeeper"}).
   *
   * @param zookeeper {@code host:2181/<framework>}, or null in KRaft (left out of the JSON)
   * @param controllers each controller's {@code host:port}, or null in ZooKeeper mode (left out)
   * @param listeners on a secure cluster (issue 15), the client listeners' addresses by security
   *     protocol ({@code {"SASL_SSL": [...], "PLAINTEXT": [...]}}); null (left out) without TLS
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record Connection(List<String> brokers, String zookeeper, List<String> controllers,
      Map<String, List<String>> listeners) {
    public Connection {
      brokers = List.copyOf(brokers);
      controllers = controllers == null ? null : List.copyOf(controllers);
      listeners = listeners == null ? null : java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(listeners));
    }

    public Connection(List<String> brokers, String zookeeper, List<String> controllers) {
      this(brokers, zookeeper, controllers, null);
    }

    /** A ZooKeeper-mode cluster's. */
    public Connection(List<String> brokers, String zookeeper) {
      this(brokers, zookeeper, null, null);
    }
  }

  private final SchedulerSettings settings;
  private final BrokerScheduler scheduler;
  private final EventLoop loop;
  private final KafkaRegistry registry;
  private final java.util.function.Function<String, Optional<String>> adminAddress;
  private final Optional<java.util.function.Supplier<List<String>>> clientListeners;

  public BrokerService(SchedulerSettings settings, BrokerScheduler scheduler, EventLoop loop,
      KafkaRegistry registry) {
    this(settings, scheduler, loop, registry, KafkaRegistrations::adminAddress, Optional.empty());
  }

  /**
   * @param adminAddress where the scheduler's clients reach a broker of a registration, when not at
   *     its usual address (issue 15)
   * @param clientListeners on a cluster whose TLS is switched on while it runs, the listeners (by
   *     name) {@code /v1/connection} lists now, its {@code brokers}' first; empty on any other
   */
  public BrokerService(SchedulerSettings settings, BrokerScheduler scheduler, EventLoop loop,
      KafkaRegistry registry, java.util.function.Function<String, Optional<String>> adminAddress,
      Optional<java.util.function.Supplier<List<String>>> clientListeners) {
    this.settings = Objects.requireNonNull(settings);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.loop = Objects.requireNonNull(loop);
    this.registry = Objects.requireNonNull(registry);
    this.adminAddress = Objects.requireNonNull(adminAddress);
    this.clientListeners = Objects.requireNonNull(clientListeners);
  }

  /**
   * The ids of the brokers registered in Kafka's ZooKeeper ({@code /brokers/ids}), or in KRaft with
   * the controllers (unfenced): the brokers that are up, as the seed's service listed them. A
   * broker whose JVM died drops out once its ZooKeeper session ends, or once the controller fences
   * it ({@code broker.session.timeout.ms}, 9 s), and comes back when it registers again.
   */
  public List<String> brokerIds() {
    return registry.registrations().keySet().stream().map(String::valueOf).toList();
  }

  /** What {@code PUT /v1/brokers/{id}/replace} answers. */
  public record Replacement(int broker, String taskId, String message) {
  }

  /**
   * Replaces a broker: launched afresh on another agent, its old volume given up.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   * @throws BrokerConflictException when it runs and {@code force} is false
   */
  public Replacement replace(int brokerId, boolean force) {
    requireBroker(brokerId);
    String taskId = loop.call(() -> scheduler.replace(brokerId, force));
    return new Replacement(brokerId, taskId, "broker " + brokerId + " launches as " + taskId
        + " on another agent; Kafka copies its partitions to it (see the replace phase of /v1/plan)");
  }

  /** What {@code DELETE /v1/brokers/{id}} answers. */
  public record Removal(int broker, String step, String message) {
  }

  /**
   * Removes a broker: its replicas move away, then it stops and its resources are released.
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   * @throws BrokerConflictException when the remaining brokers could not hold some topic
   */
  public Removal remove(int brokerId) {
    requireBroker(brokerId);
    String step = loop.call(() -> scheduler.remove(brokerId));
    return new Removal(brokerId, step, "broker " + brokerId + "'s partition replicas move to the other "
        + "brokers; it stops once it holds none, then its volume is destroyed and its resources "
        + "unreserved (see the remove phase of /v1/plan)");
  }

  /** Reservations labelled with this cluster that no broker owns, and those waiting for release. */
  public FaultPhases.View reservations() {
    return scheduler.faults();
  }

  /**
   * Orders the destruction of an orphan reservation and its volume (when its agent offers it).
   *
   * @throws OrphanNotFoundException when no orphan has that id
   */
  public Orphan deleteOrphan(String id) {
    return loop.call(() -> scheduler.deleteOrphan(id)).orElseThrow(() -> new OrphanNotFoundException(id));
  }

  /**
   * The broker's registration as Kafka stores it in ZooKeeper, or in KRaft as the controller knows
   * it (see {@link io.kafkamesos.scheduler.kraft.KraftRegistry}).
   *
   * @throws BrokerNotFoundException when the cluster has no such broker
   * @throws BrokerNotRegisteredException when it is not registered (not running)
   */
  public String registration(int brokerId) {
    requireBroker(brokerId);
    return registry.registration(brokerId).orElseThrow(() -> {
      BrokerRecord r = scheduler.view().records().get(brokerId);
      return new BrokerNotRegisteredException(brokerId, r == null ? "it was never launched"
          : "its task is " + r.state() + (r.lastStatus() == null ? "" : " (" + r.lastStatus() + ")"));
    });
  }

  /** Restarts one broker; answers the task id it will run as. */
  public List<String> restart(int brokerId) {
    requireBroker(brokerId);
    return loop.call(() -> scheduler.restart(brokerId));
  }

  /** Restarts every broker, one at a time; answers their new task ids. */
  public List<String> restartAll() {
    return loop.call(scheduler::restartAll);
  }

  /**
   * The registered brokers' addresses and Kafka's ZooKeeper with its chroot, or in KRaft the
   * controllers' addresses.
   */
  public Connection connection() {
    if (clientListeners.isPresent()) {
      return switchedConnection(clientListeners.get().get());
    }
    List<String> brokers = new ArrayList<>();
    // issue 15: a secure cluster's clients use its CLIENT listener (and PLAINTEXT with
    // ALLOW_PLAINTEXT); its INTERNAL one is for the brokers and the scheduler
    Map<String, List<String>> listeners = new java.util.LinkedHashMap<>();
    registry.registrations().forEach((id, json) -> {
      if (id < settings.brokerCount()) {
        List<KafkaRegistrations.Endpoint> endpoints = KafkaRegistrations.endpoints(json);
        Optional<String> client = endpoints.stream()
            .filter(e -> e.listener().equals(KafkaRegistrations.CLIENT))
            .map(KafkaRegistrations.Endpoint::address).findFirst();
        client.or(() -> registry.address(json)).ifPresent(brokers::add);
        if (client.isPresent()) {
          endpoints.stream().filter(e -> !e.listener().equals(KafkaRegistrations.INTERNAL)
                  && !e.listener().equals("CONTROLLER"))
              .forEach(e -> listeners.computeIfAbsent(e.protocol(), p -> new ArrayList<>())
                  .add(e.address()));
        }
      }
    });
    if (settings.isKraft()) {
      return new Connection(brokers, null, io.kafkamesos.scheduler.kraft.Endpoints.controllers(
          scheduler.view().records().values()), listeners.isEmpty() ? null : listeners);
    }
    return new Connection(brokers, settings.kafkaZookeeperChroot(), null,
        listeners.isEmpty() ? null : listeners);
  }

  /**
   * The connection of a cluster whose TLS is switched on while it runs: only the listeners every
   * broker has ({@code SwitchOn.clientListeners}), since Kafka answers a client with the brokers
   * that have the listener it came on; {@code listeners} once CLIENT is one of them.
   */
  private Connection switchedConnection(List<String> names) {
    List<String> brokers = new ArrayList<>();
    Map<String, List<String>> listeners = new java.util.LinkedHashMap<>();
    registry.registrations().forEach((id, json) -> {
      if (id < settings.brokerCount()) {
        List<KafkaRegistrations.Endpoint> endpoints = KafkaRegistrations.endpoints(json);
        for (String name : names) {
          endpoints.stream().filter(e -> e.listener().equals(name)).findFirst().ifPresent(e -> {
            if (name.equals(names.get(0))) {
              brokers.add(e.address());
            }
            listeners.computeIfAbsent(e.protocol(), p -> new ArrayList<>()).add(e.address());
          });
        }
      }
    });
    boolean secure = names.contains(KafkaRegistrations.CLIENT);
    return new Connection(brokers, settings.kafkaZookeeperChroot(), null,
        secure && !listeners.isEmpty() ? listeners : null);
  }

  /**
   * Kafka's {@code bootstrap.servers} of the scheduler's own clients for the registered brokers
   * ("" when none is up): their INTERNAL listener on a secure cluster, else what clients use.
   */
  public String bootstrapServers() {
    List<String> servers = new ArrayList<>();
    registry.registrations().forEach((id, json) -> {
      if (id < settings.brokerCount()) {
        adminAddress.apply(json).or(() -> registry.address(json)).ifPresent(servers::add);
      }
    });
    return String.join(",", servers);
  }

  private void requireBroker(int brokerId) {
    if (brokerId < 0 || brokerId >= settings.brokerCount()) {
      throw new BrokerNotFoundException(brokerId, settings.brokerCount());
    }
    BrokerRecord r = scheduler.view().records().get(brokerId);
    if (r != null && r.state() == BrokerState.REMOVED) {
      throw new BrokerNotFoundException(brokerId, settings.brokerCount(), "it was removed");
    }
  }
}
