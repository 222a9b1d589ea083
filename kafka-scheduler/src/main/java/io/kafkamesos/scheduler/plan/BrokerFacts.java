package io.kafkamesos.scheduler.plan;

/**
 * What the scheduler's records say about one broker, as a plan needs it.
 *
 * @param brokerId the broker
 * @param liveTask whether a task of it may be alive (staging, running or being killed)
 * @param running whether its task runs and no restart of it is pending
 * @param configId the spec id of its latest launch ({@link NodeSpec#id()}), or null
 * @param taskId its latest task, or null
 * @param failures how many times in a row its task failed (0 after a restart the plan asked for)
 * @param lastStatus the latest task status Mesos reported, with its message, or null
 */
public record BrokerFacts(int brokerId, boolean liveTask, boolean running, String configId,
    String taskId, int failures, String lastStatus) {

  /** Whether its latest launch ran {@code spec}. */
  public boolean runs(NodeSpec spec) {
    return spec.id().equals(configId);
  }
}
