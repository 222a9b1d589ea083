package io.kafkamesos.scheduler.offer;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.mesos.resources.RangeMath;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.security.Authentication;
import io.kafkamesos.scheduler.security.KafkaMode;
import io.kafkamesos.scheduler.security.ListenerPlan;
import io.kafkamesos.scheduler.security.ListenerTarget;
import io.kafkamesos.scheduler.security.SwitchedNodeTls;
import io.kafkamesos.scheduler.security.TaskSecretBook;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, a cluster whose TLS is switched on while it runs: a relaunched broker keeps its
 * recorded port as its PLAINTEXT listener and its TLS ports take no broker's PLAINTEXT port.
 */
class SwitchedPortsTest {

  private final SchedulerSettings settings = settings();
  private final TaskSecretBook secrets = new TaskSecretBook(new SecureRandom());
  private final ListenerTarget added = ((ListenerPlan.Stages) ListenerPlan.plan(ListenerTarget.PLAINTEXT,
      new ListenerTarget(false, true, Authentication.NONE, true, false, List.of()),
      KafkaMode.ZOOKEEPER)).stages().get(0).target();
  private final OfferEvaluator evaluator = new OfferEvaluator(settings, new TaskInfoFactory(settings,
      Map.of(), new SwitchedNodeTls("kafka0", id -> added, secrets)));
  /** broker 2 recorded at 11602; brokers 0 and 1 at 11600 and 11601 */
  private final BrokerNeed broker2 = new BrokerNeed(2, BrokerTaskId.next(2).toString(), null, 11602,
      NodeSpec.of(settings));
  private final Set<Integer> plaintextPorts = Set.of(11600, 11601, 11602);

  @Test
  void aRelaunchedBrokerKeepsItsPortAsPlaintextAndItsTlsPortsAvoidTheOthersPlaintextPorts() {
    // 11603 and 11604 are taken: before, the broker took the lowest run 11600-11602
    Offer offer = offer("a1", "host1").unreserved(8, 8192, 20000, 11600, 11602).build().toBuilder()
        .addResources(PortChoice.resource(List.of(11605, 11606, 11607), List.of(), null)).build();

    OfferDecision d = evaluator.evaluate(offer, FRAMEWORK_ID, List.of(broker2), Map.of(), plaintextPorts);

    assertThat(d.accepts()).as(String.valueOf(d.declineReason())).isTrue();
    assertThat(d.placements().get(0).port()).isEqualTo(11602);
    TaskInfo task = d.operations().get(0).getLaunch().getTaskInfos(0);
    assertThat(task.getResourcesList()).filteredOn(r -> r.getName().equals("ports"))
        .singleElement().satisfies(r -> assertThat(r.getRanges().getRangeList())
            .containsExactly(RangeMath.range(11602, 11602), RangeMath.range(11605, 11606)));
    byte[] data = task.getData().toByteArray();
    assertThat(BrokerTaskSpec.decode(data).port()).isEqualTo(11602);
    NodeTlsSpec tls = NodeTlsSpec.decode(data).orElseThrow();
    assertThat(tls.properties().get("listeners"))
        .isEqualTo("PLAINTEXT://host1:11602,CLIENT://host1:11605,INTERNAL://host1:11606");
    assertThat(tls.properties().get("advertised.listeners"))
        .isEqualTo("PLAINTEXT://host1:11602,CLIENT://host1:11605,INTERNAL://host1:11606");
  }

  @Test
  void aBrokerWhoseRecordedPortIsNotFreeWaitsForAnOfferThatHasIt() {
    Offer offer = offer("a1", "host1").unreserved(8, 8192, 20000, 11603, 11699).build();

    OfferDecision d = evaluator.evaluate(offer, FRAMEWORK_ID, List.of(broker2), Map.of(), plaintextPorts);

    assertThat(d.accepts()).isFalse();
    assertThat(d.declineReason()).contains("broker 2 waits for an offer")
        .contains("its port 11602 (its PLAINTEXT listener's address");
  }
}
