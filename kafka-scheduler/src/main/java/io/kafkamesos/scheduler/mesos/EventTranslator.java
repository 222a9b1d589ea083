package io.kafkamesos.scheduler.mesos;

import io.kafkamesos.commons.mesos.MesosClient;
import java.util.Objects;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the subscription's v1 events into {@link SchedulerEvents} calls. It decides nothing: the
 * handler does. A handler exception is logged here so it can never end the subscription.
 */
public final class EventTranslator implements MesosClient.Listener<Event> {

  private static final Logger LOG = LoggerFactory.getLogger(EventTranslator.class);

  private final SchedulerEvents handler;
  private final MesosSchedulerDriver driver;

  public EventTranslator(SchedulerEvents handler, MesosSchedulerDriver driver) {
    this.handler = Objects.requireNonNull(handler);
    this.driver = Objects.requireNonNull(driver);
  }

  @Override
  public void received(Event event) {
    try {
      switch (event.getType()) {
        case SUBSCRIBED -> {
          driver.subscribed(event.getSubscribed().getFrameworkId());
          handler.subscribed(event.getSubscribed().getFrameworkId());
        }
        case OFFERS -> handler.offers(event.getOffers().getOffersList());
        case RESCIND -> handler.rescinded(event.getRescind().getOfferId());
        case UPDATE -> handler.update(event.getUpdate().getStatus());
        case ERROR -> {
          driver.unsubscribed("master error: " + event.getError().getMessage());
          handler.error(event.getError().getMessage());
        }
        case FAILURE -> LOG.info("Mesos reports a failure: agent {} executor {} status {}",
            event.getFailure().getAgentId().getValue(), event.getFailure().getExecutorId().getValue(),
            event.getFailure().getStatus());
        case HEARTBEAT -> driver.heartbeat();
        case MESSAGE -> driver.executorMessage(event.getMessage());
        default -> LOG.debug("ignoring event {}", event.getType());
      }
    } catch (RuntimeException e) {
      LOG.error("handling a {} event failed", event.getType(), e);
    }
  }

  @Override
  public void disconnected(String reason) {
    driver.unsubscribed(reason);
    handler.disconnected(reason);
  }
}
