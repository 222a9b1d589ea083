package io.kafkamesos.scheduler.state;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Says in words why a ZooKeeper connect string cannot be reached, for the health check, the status
 * and the log: a host that does not resolve ({@code cannot resolve master.mesos}), a server that
 * refuses the connection, or servers that accept connections without giving a session. The ZooKeeper
 * client itself only retries and logs stack traces; this is what an operator reads.
 */
public final class ZooKeeperReachability {

  /** ZooKeeper's client port when a connect string names none. */
  static final int DEFAULT_PORT = 2181;

  /** Looks a host name up. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  /** Opens a TCP connection and answers why it failed, or empty when something listens. */
  @FunctionalInterface
  public interface Prober {
    Optional<String> problem(InetSocketAddress address);
  }

  /** One server of a connect string. */
  record Server(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final Resolver resolver;
  private final Prober prober;

  public ZooKeeperReachability(Resolver resolver, Prober prober) {
    this.resolver = Objects.requireNonNull(resolver);
    this.prober = Objects.requireNonNull(prober);
  }

  /** The system's resolver and TCP connections that give up after {@code connectTimeout}. */
  public static ZooKeeperReachability system(Duration connectTimeout) {
    int timeout = (int) connectTimeout.toMillis();
    return new ZooKeeperReachability(InetAddress::getByName, address -> {
      try (Socket socket = new Socket()) {
        socket.connect(address, timeout);
        return Optional.empty();
      } catch (IOException e) {
        return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    });
  }

  /**
   * Why {@code connect} ({@code host:port,...[/chroot]}) gives no ZooKeeper session, as one line
   * that names every server: {@code cannot resolve master.mesos}; {@code nothing answers at
   * 10.0.0.1:2181 (Connection refused)}; or, when every server accepts connections, that they do
   * not give a session (a server without quorum does that).
   */
  public String diagnose(String connect) {
    List<String> unresolved = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<Server> servers = servers(connect);
    for (Server server : servers) {
      InetAddress address;
      try {
        address = resolver.resolve(server.host());
      } catch (UnknownHostException e) {
        unresolved.add(server.host());
        continue;
      }
      prober.problem(new InetSocketAddress(address, server.port()))
          .ifPresent(problem -> refused.add(server + " (" + problem + ")"));
    }
    List<String> parts = new ArrayList<>();
    if (!unresolved.isEmpty()) {
      parts.add("cannot resolve " + String.join(", ", unresolved));
    }
    if (!refused.isEmpty()) {
      parts.add("nothing answers at " + String.join(", ", refused));
    }
    if (parts.isEmpty()) {
      return "ZooKeeper at " + join(servers) + " accepts connections but gives no session yet "
          + "(a server without quorum does that)";
    }
    return String.join("; ", parts);
  }

  /** The servers of a connect string, chroot left out; a server without a port gets 2181. */
  static List<Server> servers(String connect) {
    int slash = connect.indexOf('/');
    String hosts = slash < 0 ? connect : connect.substring(0, slash);
    List<Server> servers = new ArrayList<>();
    for (String part : hosts.split(",")) {
      String hostPort = part.trim();
      if (hostPort.isEmpty()) {
        continue;
      }
      String host = hostPort;
      int port = DEFAULT_PORT;
      if (hostPort.startsWith("[")) {
        int close = hostPort.indexOf(']');
        host = hostPort.substring(1, close < 0 ? hostPort.length() : close);
        if (close >= 0 && hostPort.length() > close + 2 && hostPort.charAt(close + 1) == ':') {
          port = parsePort(hostPort.substring(close + 2));
        }
      } else if (hostPort.indexOf(':') >= 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':')) {
        int colon = hostPort.indexOf(':');
        host = hostPort.substring(0, colon);
        port = parsePort(hostPort.substring(colon + 1));
      }
      servers.add(new Server(host, port));
    }
    return servers;
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_PORT;
    }
  }

  private static String join(List<Server> servers) {
    return String.join(",", servers.stream().map(Server::toString).toList());
  }
}
