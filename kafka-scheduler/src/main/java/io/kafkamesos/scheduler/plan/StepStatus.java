package io.kafkamesos.scheduler.plan;

/** Where a step of a plan is. */
public enum StepStatus {
  /** Not started. */
  PENDING,
  /** Started: its broker is being restarted or launched, or the plan waits for it to be healthy. */
  IN_PROGRESS,
  /** Its broker runs the target configuration and is healthy. */
  COMPLETE,
  /** It did not become healthy in time, or its broker failed to start; the plan waits for the operator. */
  ERROR,
  /** A gate that waits: for the operator ({@code plan continue}) or for a condition on Kafka. */
  WAITING
}
