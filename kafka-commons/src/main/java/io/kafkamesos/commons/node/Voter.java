package io.kafkamesos.commons.node;

import java.util.Objects;

/**
 * A controller of the quorum as the other nodes address it: its node id and its controller
 * listener's host and port (the agent's host name and the port reserved with its volume, the same
 * on every relaunch).
 */
public record Voter(int nodeId, String host, int port) {

  public Voter {
    Objects.requireNonNull(host);
    if (host.isBlank() || port <= 0 || port > 65535) {
      throw new IllegalArgumentException("a voter needs a host and a port: " + host + ":" + port);
    }
  }

  /** {@code host:port}, as {@code controller.quorum.bootstrap.servers} lists it. */
  public String endpoint() {
    return host + ":" + port;
  }

  /** {@code 3000@host:port}, as {@code controller.quorum.voters} lists it. */
  public String voterEntry() {
    return nodeId + "@" + endpoint();
  }

  /**
   * {@code 3000@host:port:<directory id>}, as {@code kafka-storage format --initial-controllers}
   * lists it.
   */
  public String initialEntry(String directoryId) {
    return voterEntry() + ":" + Objects.requireNonNull(directoryId);
  }

  /**
   * Reads {@code 3000@host:port}.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  public static Voter parse(String text) {
    String t = text.trim();
    int at = t.indexOf('@');
    int colon = t.lastIndexOf(':');
    if (at <= 0 || colon <= at + 1 || colon == t.length() - 1) {
      throw new IllegalArgumentException("not a voter (id@host:port): '" + text + "'");
    }
    try {
      return new Voter(Integer.parseInt(t.substring(0, at)), t.substring(at + 1, colon),
          Integer.parseInt(t.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a voter (id@host:port): '" + text + "'", e);
    }
  }
}
