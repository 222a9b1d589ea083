package io.kafkamesos.scheduler.mesos;

/** A call to Mesos was made while the scheduler holds no subscription. */
public final class NotSubscribedException extends IllegalStateException {
  public NotSubscribedException(String call) {
    super("cannot " + call + ": not subscribed to the Mesos master");
  }
}
