package io.kafkamesos.local;

import io.kafkamesos.local.http.BasicAuthenticator;
import io.kafkamesos.local.http.HttpHandler;
import io.kafkamesos.local.http.HttpServer;
import io.kafkamesos.local.http.HttpServers;
import io.kafkamesos.local.master.LeaderRedirect;
import io.kafkamesos.local.master.MasterProcess;
import io.kafkamesos.local.master.SchedulerEndpoint;
import io.kafkamesos.local.master.StateEndpoint;
import io.kafkamesos.local.proxy.TeardownEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mesos-local's masters: each a {@link MasterProcess} with an HTTP server of its own on
 * 127.0.0.1 and its own port, serving the scheduler API, {@code /state}, {@code /health},
 * {@code /master/teardown} and {@code /redirect}, plus what every master node serves in DC/OS
 * (given by the caller: Marathon, the {@code /service} proxy). One of them leads, as ZooKeeper
 * decides; the others redirect. A master can be stopped (its process dies) and started again (a
 * new process on the same port).
 */
final class Masters implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Masters.class);
  static final String HOST = "127.0.0.1";

  private final HttpServers http;
  private final MasterProcess.Shared shared;
  private final Optional<BasicAuthenticator> authenticator;
  private final Consumer<HttpServer> commonRoutes;
  private final int[] ports;
  private final MasterProcess[] processes;
  private final HttpServer[] servers;

  /**
   * @param ports each master's port (0: a free one, then kept for its restarts)
   * @param authenticator the scheduler API's, when frameworks must authenticate
   * @param commonRoutes adds what every master's server serves besides the master itself
   */
  Masters(HttpServers http, MasterProcess.Shared shared, List<Integer> ports,
      Optional<BasicAuthenticator> authenticator, Consumer<HttpServer> commonRoutes) {
    this.http = Objects.requireNonNull(http);
    this.shared = Objects.requireNonNull(shared);
    this.authenticator = Objects.requireNonNull(authenticator);
    this.commonRoutes = Objects.requireNonNull(commonRoutes);
    this.ports = ports.stream().mapToInt(Integer::intValue).toArray();
    this.processes = new MasterProcess[ports.size()];
    this.servers = new HttpServer[ports.size()];
  }

  /** Binds every master's address (so that the ports are known), without serving yet. */
  synchronized void bindAll() throws IOException {
    for (int i = 0; i < ports.length; i++) {
      servers[i] = http.bind(HOST, ports[i]);
      ports[i] = servers[i].port();
    }
  }

  /** Starts every bound master: each serves and contends for leadership. */
  synchronized void startAll() throws IOException {
    for (int i = 0; i < ports.length; i++) {
      serve(i, servers[i]);
    }
  }

  /**
   * Starts master {@code i} again as a new process (a new master id) on its port; it contends for
   * leadership and leads only if no other master does.
   *
   * @throws IllegalStateException when it runs
   */
  synchronized void start(int i) {
    check(i);
    if (servers[i] != null) {
      throw new IllegalStateException("master " + i + " is running");
    }
    HttpServer server = rebind(ports[i]);
    servers[i] = server;
    try {
      serve(i, server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start master " + i, e);
    }
  }

  private void serve(int i, HttpServer server) throws IOException {
    MasterProcess process = new MasterProcess(i, shared, () -> stopLater(i));
    String url = url(i);
    SchedulerEndpoint scheduler = new SchedulerEndpoint(process, shared.loop(), authenticator);
    server.context(SchedulerEndpoint.PATH, scheduler);
    server.context(SchedulerEndpoint.MASTER_PATH, scheduler);
    StateEndpoint state = new StateEndpoint(process, shared.loop(), url, shared.zkConnect());
    StateEndpoint.PATHS.forEach(path -> server.context(path, state));
    HttpHandler health = exchange -> exchange.reply(200, Map.of(), new byte[0]);
    server.context("/health", health);
    server.context("/master/health", health);
    HttpHandler redirect = exchange -> LeaderRedirect.toBase(exchange,
        shared.loop().call(process::leader));
    server.context("/redirect", redirect);
    server.context("/master/redirect", redirect);
    TeardownEndpoint teardown = new TeardownEndpoint(process, shared.loop());
    server.context(TeardownEndpoint.PATH, teardown);
    server.context(TeardownEndpoint.SHORT_PATH, teardown);
    commonRoutes.accept(server);
    server.start();
    processes[i] = process;
    process.start(HOST, ports[i]);
  }

  /**
   * Master {@code i}'s process dies: its ZooKeeper membership ends, its streams close (its
   * server stops), and if it led, another master is elected.
   *
   * @throws IllegalStateException when it is stopped already
   */
  synchronized void stop(int i) {
    stop(i, false);
  }

  /**
   * Master {@code i}'s process crashes: as {@link #stop(int)}, but its ZooKeeper session is left
   * to expire, so another master leads only once ZooKeeper has expired it.
   */
  synchronized void crash(int i) {
    stop(i, true);
  }

  private void stop(int i, boolean crash) {
    check(i);
    if (servers[i] == null) {
      throw new IllegalStateException("master " + i + " is stopped already");
    }
    if (crash) {
      processes[i].crash();
    } else {
      processes[i].kill();
    }
    servers[i].close();
    servers[i] = null;
  }

  /** A leader that lost its ZooKeeper membership dies, as a Mesos master does; not on the loop. */
  private void stopLater(int i) {
    Thread stopper = new Thread(() -> {
      try {
        stop(i);
      } catch (IllegalStateException e) {
        // stopped meanwhile
      }
    }, "master-" + i + "-suicide");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** The index of the master that leads now, if one does. */
  OptionalInt leader() {
    return shared.loop().call(() -> {
      for (int i = 0; i < processes.length; i++) {
        MasterProcess p = processes[i];
        if (p != null && p.alive() && p.leading().isPresent()) {
          return OptionalInt.of(i);
        }
      }
      return OptionalInt.empty();
    });
  }

  /** Waits until a master leads and returns its index. */
  int awaitLeader(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      OptionalInt leader = leader();
      if (leader.isPresent()) {
        return leader.getAsInt();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("no master was elected within " + timeout);
      }
      sleep(50);
    }
  }

  String url(int i) {
    check(i);
    return "http://" + HOST + ":" + ports[i];
  }

  List<String> urls() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      out.add(url(i));
    }
    return out;
  }

  /** The ports of the masters after the first, for the work dir's layout. */
  List<Integer> otherPorts() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i < ports.length; i++) {
      out.add(ports[i]);
    }
    return out;
  }

  int count() {
    return ports.length;
  }

  synchronized boolean running(int i) {
    check(i);
    return servers[i] != null;
  }

  private void check(int i) {
    if (i < 0 || i >= ports.length) {
      throw new IllegalArgumentException("no master " + i + " (masters 0 to "
          + (ports.length - 1) + ")");
    }
  }

  /** Binds the master's address again; the port may linger a moment after it died. */
  private HttpServer rebind(int port) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        return http.bind(HOST, port);
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new UncheckedIOException("cannot serve a master on port " + port + " again", e);
        }
        LOG.debug("master port {} not free yet: {}", port, e.getMessage());
        sleep(100);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every master stops: memberships end first, then the servers (and their streams). */
  @Override
  public synchronized void close() {
    for (int i = 0; i < processes.length; i++) {
      if (servers[i] != null && processes[i] != null) {
        try {
          processes[i].kill();
        } catch (RuntimeException e) {
          LOG.warn("stopping master {}: {}", i, e.getMessage());
        }
      }
    }
    for (int i = 0; i < servers.length; i++) {
      if (servers[i] != null) {
        servers[i].close();
        servers[i] = null;
      }
    }
  }
}
