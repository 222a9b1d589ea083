package io.kafkamesos.scheduler.plan;

/**
 * What the scheduler's records say about one broker, as a plan needs it.
 *
 * @param brokerId the broker
 * @param liveTask whether a task of it may be alive (staging, running or being killed)
 * @param running whether its task runs and no restart of it is pending
 * @param runsTarget whether its latest launch used the target configuration
 * @param taskId its latest task, or null
 */
public record BrokerFacts(int brokerId, boolean liveTask, boolean running, boolean runsTarget,
    String taskId) {
}
