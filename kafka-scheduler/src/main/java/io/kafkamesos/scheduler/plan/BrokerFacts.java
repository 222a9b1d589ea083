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
 * @param controller whether the node is a KRaft controller: its {@code configId} is then the
 *     controller digest of the settings it ran ({@code SchedulerSettings#controllerConfigId})
 */
public record BrokerFacts(int brokerId, boolean liveTask, boolean running, String configId,
    String taskId, int failures, String lastStatus, boolean controller) {

  /** The facts of a broker. */
  public BrokerFacts(int brokerId, boolean liveTask, boolean running, String configId,
      String taskId, int failures, String lastStatus) {
    this(brokerId, liveTask, running, configId, taskId, failures, lastStatus, false);
  }

  /** Whether its latest launch ran {@code spec} (for a controller: the spec's controller settings). */
  public boolean runs(NodeSpec spec) {
    return (controller ? spec.settings().controllerConfigId() : spec.id()).equals(configId);
  }
}
