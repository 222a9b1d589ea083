package io.kafkamesos.executor.broker;

/**
 * Asks a running broker JVM how far its startup is. Used by the supervisor's thread and by
 * {@link BrokerSupervisor#stop} (possibly at the same time), so implementations are thread-safe.
 */
public interface StartupProbe extends AutoCloseable {

  /** The broker's startup state now; {@link Startup#STARTING} when nothing can be told yet. */
  Startup startup();

  /** Releases what the probe holds (a JMX connection); never throws. It may be used again after. */
  @Override
  void close();
}
