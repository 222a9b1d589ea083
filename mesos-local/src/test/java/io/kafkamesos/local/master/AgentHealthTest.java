package io.kafkamesos.local.master;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.local.actor.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The unreachable and removal transitions of the master's health check, on a settable clock. */
class AgentHealthTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final EventLoop loop = new EventLoop("agent-health-test");
  private final MasterState state = new MasterState(clock,
      MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050).build(), new Registry());
  private final AgentHealth health = new AgentHealth(state, new Offers(state, loop,
      Duration.ofMinutes(1)), Duration.ofSeconds(10), Duration.ofMinutes(5));

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void anAgentSilentForThePingTimeoutBecomesUnreachableThenIsForgotten() {
    FakeAgent link = new FakeAgent("a1");
    AgentRecord agent = new AgentRecord(link);
    state.agents.put(agent.id, agent);
    Framework partitionAware = framework("pa", true);
    Framework plain = framework("plain", false);
    TaskRecord paTask = task(partitionAware, "t1", agent.id, TaskState.TASK_RUNNING);
    TaskRecord plainTask = task(plain, "t2", agent.id, TaskState.TASK_RUNNING);

    health.check(); // answers: pong
    link.reachable = false;
    clock.advance(Duration.ofSeconds(9));
    health.check();
    assertThat(state.agents).containsKey("a1");

    clock.advance(Duration.ofSeconds(1));
    health.check();
    assertThat(state.agents).doesNotContainKey("a1");
    assertThat(state.unreachable).containsKey("a1");
    assertThat(partitionAware.unreachableTasks).containsKey("t1");
    assertThat(partitionAware.tasks).isEmpty();
    assertThat(paTask.state).isEqualTo(TaskState.TASK_UNREACHABLE);
    TaskStatus last = paTask.statuses.get(paTask.statuses.size() - 1);
    assertThat(last.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
    assertThat(last.getUnreachableTime().getNanoseconds())
        .isEqualTo(clock.instant().toEpochMilli() * 1_000_000L);
    assertThat(plainTask.state).isEqualTo(TaskState.TASK_LOST);
    assertThat(plain.unreachableTasks).containsKey("t2");

    clock.advance(Duration.ofMinutes(5));
    health.check();
    assertThat(state.unreachable).isEmpty();
    assertThat(partitionAware.unreachableTasks).isEmpty();
    assertThat(plain.unreachableTasks).isEmpty();
  }

  @Test
  void aReturningUnreachableAgentIsAnnouncedAndItsOldUnreachableTasksDropped() {
    FakeAgent link = new FakeAgent("a2");
    AgentRecord agent = new AgentRecord(link);
    state.agents.put(agent.id, agent);
    Framework fw = framework("pa", true);
    task(fw, "t1", agent.id, TaskState.TASK_RUNNING);
    health.markUnreachable(agent, AgentHealth.UNREACHABLE_MESSAGE);

    assertThat(health.beforeReregister(new FakeAgent("a2")))
        .contains("Unreachable agent re-reregistered");
    assertThat(state.unreachable).isEmpty();
    assertThat(fw.unreachableTasks).isEmpty();
    assertThat(health.beforeReregister(new FakeAgent("a3")))
        .contains("Unknown agent reregistered");
  }

  @Test
  void aRegisteredAgentThatNoLongerKnowsATaskDropsIt() {
    FakeAgent link = new FakeAgent("a4");
    AgentRecord agent = new AgentRecord(link);
    state.agents.put(agent.id, agent);
    Framework fw = framework("pa", true);
    TaskRecord task = task(fw, "t1", agent.id, TaskState.TASK_RUNNING);

    assertThat(health.beforeReregister(new FakeAgent("a4"))).isEmpty();
    assertThat(task.state).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(fw.tasks).isEmpty();
    assertThat(fw.completedTasks).contains(task);
  }

  private Framework framework(String id, boolean partitionAware) {
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("u").setName(id)
        .setId(FrameworkID.newBuilder().setValue(id));
    if (partitionAware) {
      info.addCapabilities(FrameworkInfo.Capability.newBuilder()
          .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    }
    Framework fw = new Framework(info.getId(), info.build(), clock.instant());
    state.frameworks.put(id, fw);
    return fw;
  }

  private static TaskRecord task(Framework fw, String id, String agentId, TaskState taskState) {
    TaskInfo info = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(AgentID.newBuilder().setValue(agentId)).build();
    TaskRecord task = new TaskRecord(info, fw.id.getValue(), agentId, Resources.empty());
    task.state = taskState;
    fw.tasks.put(id, task);
    return task;
  }

  /** A settable clock. */
  /** An agent link that reports nothing and answers the health check as told. */
  private static final class FakeAgent implements AgentLink {
    private final AgentInfo info;
    boolean reachable = true;

    FakeAgent(String id) {
      this.info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(id))
          .setHostname("127.0.0.9").build();
    }

    @Override
    public AgentInfo info() {
      return info;
    }

    @Override
    public String url() {
      return "http://127.0.0.9:1";
    }

    @Override
    public Resources totalResources() {
      return Resources.empty();
    }

    @Override
    public void apply(Offer.Operation operation) {
    }

    @Override
    public void runTask(FrameworkInfo framework, TaskInfo task) {
    }

    @Override
    public void killTask(FrameworkID framework, TaskID task, Optional<KillPolicy> policy) {
    }

    @Override
    public void shutdownExecutor(FrameworkID framework, ExecutorID executor) {
    }

    @Override
    public void shutdownFramework(FrameworkID framework) {
    }

    @Override
    public void acknowledge(FrameworkID framework, TaskID task, ByteString uuid) {
    }

    @Override
    public void frameworkMessage(FrameworkID framework, ExecutorID executor, ByteString data) {
    }

    @Override
    public void updateFramework(FrameworkInfo framework) {
    }

    @Override
    public boolean reachable() {
      return reachable;
    }

    @Override
    public void resumeStatusUpdates() {
    }

    @Override
    public List<RecoveredExecutor> recovered() {
      return List.of();
    }
  }
}
