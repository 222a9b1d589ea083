package io.kafkamesos.scheduler.offer;

import static io.kafkamesos.scheduler.Fixtures.FRAMEWORK_ID;
import static io.kafkamesos.scheduler.Fixtures.offer;
import static io.kafkamesos.scheduler.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamesos.commons.broker.BrokerTaskId;
import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.scheduler.plan.NodeSpec;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.security.TaskSecretBook;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

/** Issue 15: a TLS broker takes one port per listener, consecutive, and carries its TLS task data. */
class TlsPortsTest {

  private final SchedulerSettings settings = settings();
  private final TaskSecretBook secrets = new TaskSecretBook(new SecureRandom());
  private final OfferEvaluator evaluator = new OfferEvaluator(settings, new TaskInfoFactory(settings,
      Map.of(), NodeTlsLayout.of("kafka0", new SecurityTarget(true, "SCRAM-SHA-512", true, List.of(),
          false, 365, 30, 1825, false), false, secrets)));
  private final BrokerNeed need = new BrokerNeed(0, BrokerTaskId.next(0).toString(), null, 0,
      NodeSpec.of(settings));

  @Test
  void takesTwoConsecutivePortsAndGivesTheTaskItsListeners() {
    Offer offer = offer("a1", "host1").unreserved(8, 8192, 20000, 31000, 31000).build().toBuilder()
        .addResources(ports(31005, 31010)).build();

    OfferDecision d = evaluator.evaluate(offer, FRAMEWORK_ID, List.of(need), Map.of());

    assertThat(d.accepts()).as(String.valueOf(d.declineReason())).isTrue();
    assertThat(d.placements().get(0).port()).isEqualTo(31005);
    TaskInfo task = d.operations().get(0).getLaunch().getTaskInfos(0);
    assertThat(task.getResourcesList()).filteredOn(r -> r.getName().equals("ports"))
        .singleElement().satisfies(r -> {
          assertThat(r.getRanges().getRange(0).getBegin()).isEqualTo(31005);
          assertThat(r.getRanges().getRange(0).getEnd()).isEqualTo(31006);
        });
    byte[] data = task.getData().toByteArray();
    assertThat(BrokerTaskSpec.decode(data).port()).isEqualTo(31005);
    NodeTlsSpec tls = NodeTlsSpec.decode(data).orElseThrow();
    assertThat(tls.properties().get("advertised.listeners"))
        .isEqualTo("CLIENT://host1:31005,INTERNAL://host1:31006");
    assertThat(secrets.secretHash(need.taskId())).isPresent();
  }

  @Test
  void declinesAnOfferWithoutTwoConsecutivePorts() {
    Offer offer = offer("a1", "host1").unreserved(8, 8192, 20000, 31000, 31000).build().toBuilder()
        .addResources(ports(31002, 31002)).build();

    OfferDecision d = evaluator.evaluate(offer, FRAMEWORK_ID, List.of(need), Map.of());

    assertThat(d.accepts()).isFalse();
    assertThat(d.declineReason()).contains("and 2 consecutive ports");
  }

  private static Resource ports(int begin, int end) {
    return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end)))
        .build();
  }
}
