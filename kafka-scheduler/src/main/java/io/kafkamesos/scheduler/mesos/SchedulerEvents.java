package io.kafkamesos.scheduler.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What Mesos tells the scheduler, translated from v1 events. Called on the subscription's thread, in
 * the order Mesos sent the events; implementations hand the work on and return quickly.
 */
public interface SchedulerEvents {

  /** The master accepted the subscription; {@code frameworkId} is ours from now on. */
  void subscribed(FrameworkID frameworkId);

  void offers(List<Offer> offers);

  /** An offer is no longer valid. */
  void rescinded(OfferID offerId);

  void update(TaskStatus status);

  /** The master reported an error (e.g. the framework was removed); the stream ends after it. */
  void error(String message);

  /** The subscription ended; offers held are void; the client re-subscribes by itself. */
  void disconnected(String reason);
}
