package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.BrokerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The broker operations of the HTTP API, without HTTP: list, describe, restart, and how clients
 * connect. Restarts run on the scheduler's {@link EventLoop}.
 */
public final class BrokerService {

  /** What {@code /v1/connection} answers. */
  public record Connection(List<String> brokers, String zookeeper) {
    public Connection {
      brokers = List.copyOf(brokers);
    }
  }

  private final SchedulerSettings settings;
  private final BrokerScheduler scheduler;
  private final EventLoop loop;
  private final KafkaRegistry registry;

  public BrokerService(SchedulerSettings settings, BrokerScheduler scheduler, EventLoop loop,
      KafkaRegistry registry) {
    this.settings = Objects.requireNonNull(settings);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.loop = Objects.requireNonNull(loop);
    this.registry = Objects.requireNonNull(registry);
  }

  /** The ids of the brokers the cluster is configured with. */
  public List<String> brokerIds() {
    return IntStream.range(0, settings.brokerCount()).mapToObj(Integer::toString).toList();
  }

  /**
   * The broker's registration as Kafka stores it in ZooKeeper.
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

  /** The registered brokers' addresses and Kafka's ZooKeeper with its chroot. */
  public Connection connection() {
    List<String> brokers = new ArrayList<>();
    registry.registrations().forEach((id, json) -> {
      if (id < settings.brokerCount()) {
        registry.address(json).ifPresent(brokers::add);
      }
    });
    return new Connection(brokers, settings.kafkaZookeeperChroot());
  }

  /** Kafka's {@code bootstrap.servers} for the registered brokers ("" when none is up). */
  public String bootstrapServers() {
    return String.join(",", connection().brokers());
  }

  private void requireBroker(int brokerId) {
    if (brokerId < 0 || brokerId >= settings.brokerCount()) {
      throw new BrokerNotFoundException(brokerId, settings.brokerCount());
    }
  }
}
