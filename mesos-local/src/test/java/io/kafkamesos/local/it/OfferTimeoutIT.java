package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The master's {@code --offer_timeout}: an offer left unused that long is RESCINDed (and its
 * resources offered again); the rescinded offer cannot be used (master.cpp {@code accept}: tasks
 * of a LAUNCH on invalid offers become TASK_DROPPED, or TASK_LOST without PARTITION_AWARE, with
 * REASON_INVALID_OFFERS).
 */
class OfferTimeoutIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(2)
      .withOfferTimeout(Duration.ofSeconds(3)));

  @Test
  void unusedOffersAreRescindedAndOfferedAgain() {
    TestFramework framework = cluster.framework("hoarder");
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    int mark = framework.mark();

    for (Offer offer : offers) {
      framework.awaitEvent(Event.Type.RESCIND,
          e -> e.getRescind().getOfferId().equals(offer.getId()), TIMEOUT);
    }
    assertThat(framework.outstandingOffers()).noneMatch(o -> offers.contains(o));
    // the resources come back in new offers
    for (Offer offer : offers) {
      Offer again = framework.awaitOfferFor(mark, offer.getAgentId(), TIMEOUT);
      assertThat(again.getId()).isNotEqualTo(offer.getId());
    }
  }

  @Test
  void aRescindedOfferCannotBeAccepted() {
    TestFramework framework = cluster.framework("late-acceptor");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    framework.awaitEvent(Event.Type.RESCIND,
        e -> e.getRescind().getOfferId().equals(offer.getId()), TIMEOUT);

    TaskInfo task = TestTasks.task("too-late", offer, Map.of());
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus status = framework.awaitAnyUpdate(mark, task.getTaskId(), TIMEOUT);
    assertThat(status.getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
  }
}
