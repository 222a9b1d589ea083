package io.kafkamesos.scheduler.settings;

/** Where brokers of one cluster may go relative to each other. */
public enum PlacementStrategy {
  /** Any host with enough resources, several brokers per host allowed. */
  ANY,
  /** Never two brokers of this cluster on one host. */
  NODE
}
