package io.kafkamesos.executor.broker;

/**
 * Looks at a started broker from the outside. The supervisor asks it repeatedly until the broker is
 * healthy, then closes it.
 */
public interface HealthProbe extends AutoCloseable {

  /** Whether the broker's registration ({@code /brokers/ids/<id>} under the chroot) exists. */
  boolean registered();

  /** Whether the broker's listener accepts a TCP connection. */
  boolean portAnswers();

  /** Releases what the probe holds (a ZooKeeper session); never throws. */
  @Override
  void close();
}
