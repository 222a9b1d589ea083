package io.kafkamesos.scheduler.security;

/**
 * What a node runs, for its listeners: a broker, a KRaft controller, or both in one process
 * (KRaft's combined mode). ZooKeeper-mode clusters have brokers only.
 */
public enum NodeKind {
  BROKER,
  CONTROLLER,
  COMBINED;

  boolean broker() {
    return this != CONTROLLER;
  }

  boolean controller() {
    return this != BROKER;
  }
}
