package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.state.AbandonedReservation;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.InMemoryStateStore;
import io.kafkamesos.scheduler.state.PlanState;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.StateStoreException;
import io.kafkamesos.scheduler.state.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory store whose every call fails while it is {@link #down}, as ZooKeeper down does, and
 * whose writes of abandoned reservations alone fail while {@link #abandonedDown}.
 */
final class SwitchableStateStore implements StateStore {
  final InMemoryStateStore delegate = new InMemoryStateStore();
  boolean down;
  boolean abandonedDown;

  private void check() {
    if (down) {
      throw new StateStoreException("cannot write: ConnectionLoss", null);
    }
  }

  @Override
  public Optional<String> frameworkId() {
    check();
    return delegate.frameworkId();
  }

  @Override
  public void storeFrameworkId(String frameworkId) {
    check();
    delegate.storeFrameworkId(frameworkId);
  }

  @Override
  public void clearFrameworkId() {
    check();
    delegate.clearFrameworkId();
  }

  @Override
  public Map<Integer, BrokerRecord> brokers() {
    check();
    return delegate.brokers();
  }

  @Override
  public Optional<BrokerRecord> broker(int brokerId) {
    check();
    return delegate.broker(brokerId);
  }

  @Override
  public void storeBroker(BrokerRecord record) {
    check();
    delegate.storeBroker(record);
  }

  @Override
  public void removeBroker(int brokerId) {
    check();
    delegate.removeBroker(brokerId);
  }

  @Override
  public Optional<Target> target() {
    check();
    return delegate.target();
  }

  @Override
  public void storeTarget(Target target) {
    check();
    delegate.storeTarget(target);
  }

  @Override
  public void storeTarget(Target target, PlanState plan) {
    check();
    delegate.storeTarget(target, plan);
  }

  @Override
  public Optional<PlanState> plan() {
    check();
    return delegate.plan();
  }

  @Override
  public void storePlan(PlanState plan) {
    check();
    delegate.storePlan(plan);
  }

  @Override
  public List<AbandonedReservation> abandoned() {
    check();
    return delegate.abandoned();
  }

  @Override
  public void storeAbandoned(List<AbandonedReservation> abandoned) {
    check();
    if (abandonedDown) {
      throw new StateStoreException("cannot write abandoned: ConnectionLoss", null);
    }
    delegate.storeAbandoned(abandoned);
  }

  @Override
  public Optional<io.kafkamesos.scheduler.state.KraftState> kraft() {
    check();
    return delegate.kraft();
  }

  @Override
  public void clearKraft() {
    check();
    delegate.clearKraft();
  }

  @Override
  public void storeKraft(io.kafkamesos.scheduler.state.KraftState kraft) {
    check();
    delegate.storeKraft(kraft);
  }
}
