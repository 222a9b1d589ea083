package io.kafkamesos.commons.broker;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A broker task's Mesos task id, as the seed shows them: {@code broker-0__<uuid>}. */
public record BrokerTaskId(int brokerId, String uuid) {

  private static final Pattern FORMAT = Pattern.compile("broker-(\\d+)__([0-9a-fA-F-]{36})");

  public BrokerTaskId {
    if (brokerId < 0) {
      throw new IllegalArgumentException("broker id must be >= 0: " + brokerId);
    }
    Objects.requireNonNull(uuid);
  }

  /** A fresh task id for a broker. */
  public static BrokerTaskId next(int brokerId) {
    return new BrokerTaskId(brokerId, UUID.randomUUID().toString());
  }

  /** The broker task id a Mesos task id spells, if it is one. */
  public static Optional<BrokerTaskId> parse(String taskId) {
    Matcher m = FORMAT.matcher(taskId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new BrokerTaskId(Integer.parseInt(m.group(1)), m.group(2)));
  }

  /** The executor id of a broker's executor: one executor per broker task. */
  public String executorId() {
    return "broker-" + brokerId + "__executor__" + uuid;
  }

  @Override
  public String toString() {
    return "broker-" + brokerId + "__" + uuid;
  }
}
