package io.kafkamesos.scheduler.state;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link StateStore} in memory, behaving as {@link CuratorStateStore}; for tests and dry runs. */
public final class InMemoryStateStore implements StateStore {

  private final AtomicReference<String> frameworkId = new AtomicReference<>();
  private final Map<Integer, BrokerRecord> brokers = new ConcurrentHashMap<>();
  private final AtomicReference<Target> target = new AtomicReference<>();
  private final AtomicReference<PlanState> plan = new AtomicReference<>();
  private final AtomicReference<java.util.List<AbandonedReservation>> abandoned =
      new AtomicReference<>(java.util.List.of());
  private final AtomicReference<KraftState> kraft = new AtomicReference<>();

  @Override
  public Optional<String> frameworkId() {
    return Optional.ofNullable(frameworkId.get());
  }

  @Override
  public void storeFrameworkId(String id) {
    frameworkId.set(java.util.Objects.requireNonNull(id));
  }

  @Override
  public void clearFrameworkId() {
    frameworkId.set(null);
  }

  @Override
  public Map<Integer, BrokerRecord> brokers() {
    return new TreeMap<>(brokers);
  }

  @Override
  public Optional<BrokerRecord> broker(int brokerId) {
    return Optional.ofNullable(brokers.get(brokerId));
  }

  @Override
  public void storeBroker(BrokerRecord record) {
    brokers.put(record.brokerId(), record);
  }

  @Override
  public void removeBroker(int brokerId) {
    brokers.remove(brokerId);
  }

  @Override
  public Optional<Target> target() {
    return Optional.ofNullable(target.get());
  }

  @Override
  public void storeTarget(Target newTarget) {
    target.set(java.util.Objects.requireNonNull(newTarget));
  }

  @Override
  public synchronized void storeTarget(Target newTarget, PlanState newPlan) {
    target.set(java.util.Objects.requireNonNull(newTarget));
    plan.set(java.util.Objects.requireNonNull(newPlan));
  }

  @Override
  public Optional<PlanState> plan() {
    return Optional.ofNullable(plan.get());
  }

  @Override
  public void storePlan(PlanState newPlan) {
    plan.set(java.util.Objects.requireNonNull(newPlan));
  }

  @Override
  public java.util.List<AbandonedReservation> abandoned() {
    return abandoned.get();
  }

  @Override
  public void storeAbandoned(java.util.List<AbandonedReservation> list) {
    abandoned.set(java.util.List.copyOf(list));
  }

  @Override
  public Optional<KraftState> kraft() {
    return Optional.ofNullable(kraft.get());
  }

  @Override
  public void clearKraft() {
    kraft.set(null);
  }

  @Override
  public void storeKraft(KraftState state) {
    kraft.set(java.util.Objects.requireNonNull(state));
  }
}
