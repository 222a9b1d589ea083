package io.kafkamesos.scheduler.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.scheduler.mesos.NotSubscribedException;
import io.kafkamesos.scheduler.mesos.SchedulerDriver;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskID;
import org.junit.jupiter.api.Test;

class GatedSchedulerDriverTest {

  private final List<String> sent = new ArrayList<>();
  private final SchedulerDriver recording = (SchedulerDriver) Proxy.newProxyInstance(
      getClass().getClassLoader(), new Class<?>[] {SchedulerDriver.class}, (proxy, method, args) -> {
        sent.add(method.getName());
        return null;
      });

  @Test
  void sendsNothingWhileTheGateIsClosedAndEverythingOnceItOpens() {
    LeaderGate gate = new LeaderGate();
    SchedulerDriver driver = new GatedSchedulerDriver(recording, gate);
    TaskID task = TaskID.newBuilder().setValue("broker-0__x").build();

    assertThatThrownBy(() -> driver.kill(task, null)).isInstanceOf(NotSubscribedException.class)
        .hasMessageContaining("this scheduler does not lead yet");
    assertThatThrownBy(driver::revive).isInstanceOf(NotSubscribedException.class);
    assertThat(sent).isEmpty();

    gate.open();
    driver.kill(task, null);
    driver.suppress();
    assertThat(sent).containsExactly("kill", "suppress");

    gate.close("the ZooKeeper connection is away");
    assertThatThrownBy(() -> driver.reconcile(List.of())).hasMessageContaining(
        "the ZooKeeper connection is away");
    assertThat(sent).hasSize(2);
  }

  @Test
  void leaderInfoTravelsAsTheLatchParticipantId() {
    LeaderInfo info = new LeaderInfo("http://h:1", "http://h:2", "h", 42, "2026-01-01T00:00:00Z");
    assertThat(LeaderInfo.fromParticipantId(info.toParticipantId())).contains(info);
    assertThat(LeaderInfo.fromParticipantId("")).isEmpty();
    assertThat(LeaderInfo.fromParticipantId("not json")).isEmpty();
  }
}
