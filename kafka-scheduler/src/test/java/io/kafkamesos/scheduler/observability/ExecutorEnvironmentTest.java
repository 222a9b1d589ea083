package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.scheduler.Fixtures;
import io.kafkamesos.scheduler.offer.TaskInfoFactory;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/** The scheduler hands its log and metric targets on to every executor it launches. */
class ExecutorEnvironmentTest {

  private static TaskInfo task(Map<String, String> schedulerEnv) {
    return new TaskInfoFactory(Fixtures.settings(),
        ObservabilitySettings.executorEnvironment(schedulerEnv))
        .brokerTask(Fixtures.FRAMEWORK_ID, AgentID.newBuilder().setValue("a1").build(), "h1",
            BrokerTaskId.next(0), 31000, List.of(), List.of());
  }

  @Test
  void executorsGetTheTargetsTheSchedulerHas() {
    TaskInfo task = task(Map.of("SYSLOG_HOST", "logs", "SYSLOG_PORT", "1514", "STATSD_HOST",
        "stats", "HOME", "/root"));
    assertThat(task.getExecutor().getCommand().getEnvironment().getVariablesList())
        .extracting(Environment.Variable::getName, Environment.Variable::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("STATSD_HOST", "stats"),
            org.assertj.core.groups.Tuple.tuple("SYSLOG_HOST", "logs"),
            org.assertj.core.groups.Tuple.tuple("SYSLOG_PORT", "1514"));
  }

  @Test
  void withoutTargetsTheCommandHasNoEnvironment() {
    assertThat(task(Map.of("HOME", "/root")).getExecutor().getCommand().hasEnvironment()).isFalse();
  }
}
