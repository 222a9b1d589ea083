package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class TaskValidationTest {

  private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw").build();
  private static final AgentID AGENT = AgentID.newBuilder().setValue("agent").build();

  private static Resource cpus(double value) {
    return Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")).build();
  }

  private static TaskInfo.Builder task(String id) {
    return TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setAgentId(AGENT).addResources(cpus(1))
        .setExecutor(Protos.ExecutorInfo.newBuilder()
            .setExecutorId(Protos.ExecutorID.newBuilder().setValue("e")).setFrameworkId(FW)
            .setCommand(Protos.CommandInfo.newBuilder().setValue("true")));
  }

  private static final Resources OFFERED = Resources.of(cpus(2));

  private static TaskValidation validation(Set<String> known) {
    return new TaskValidation(FW, known, AGENT, Optional.empty());
  }

  @Test
  void acceptsAValidTask() {
    assertThat(validation(Set.of()).validate(task("t").build(), OFFERED)).isEmpty();
  }

  @Test
  void refusesADuplicateTaskId() {
    assertThat(validation(Set.of("t")).validate(task("t").build(), OFFERED))
        .contains("Task has duplicate ID: t");
  }

  @Test
  void refusesAnInvalidTaskId() {
    assertThat(validation(Set.of()).validate(task("a/b").build(), OFFERED))
        .contains("'a/b' contains invalid characters");
  }

  @Test
  void refusesAnotherAgent() {
    TaskInfo task = task("t").setAgentId(AgentID.newBuilder().setValue("x")).build();
    assertThat(validation(Set.of()).validate(task, OFFERED))
        .contains("Task uses invalid agent x while agent agent is expected");
  }

  @Test
  void refusesMoreThanOffered() {
    TaskInfo task = task("t").clearResources().addResources(cpus(3)).build();
    assertThat(validation(Set.of()).validate(task, OFFERED).orElseThrow())
        .startsWith("Total resources cpus(allocated: *):3 required by task and its executor is"
            + " more than available");
  }

  @Test
  void refusesBothOrNeitherOfCommandAndExecutor() {
    TaskInfo neither = task("t").clearExecutor().build();
    assertThat(validation(Set.of()).validate(neither, OFFERED)).contains(
        "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
  }

  @Test
  void refusesAnExecutorOfAnotherFramework() {
    TaskInfo task = task("t").setExecutor(task("t").getExecutor().toBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue("other"))).build();
    assertThat(validation(Set.of()).validate(task, OFFERED)).contains(
        "ExecutorInfo has an invalid FrameworkID (Actual: other vs Expected: fw)");
  }

  @Test
  void refusesATaskWithoutResources() {
    assertThat(validation(Set.of()).validate(task("t").clearResources().build(), OFFERED))
        .contains("Task uses no resources");
  }
}
