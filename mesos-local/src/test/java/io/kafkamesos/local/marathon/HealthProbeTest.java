package io.kafkamesos.local.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kafkamesos.local.marathon.HealthTracker.Result;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health checks against real servers on loopback aliases. */
class HealthProbeTest {

  private final HealthProbe probe = HealthProbe.network("127.0.0.1");
  private HttpServer server;
  private final AtomicReference<String> remote = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private int serve(String bind, int status) throws Exception {
    server = HttpServer.create(new InetSocketAddress(bind, 0), 0);
    server.createContext("/", exchange -> {
      remote.set(exchange.getRemoteAddress().getAddress().getHostAddress());
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static AppDefinition.HealthCheckSpec check(String protocol) throws Exception {
    return AppParser.parse(new ObjectMapper().readTree(("{'id':'a','cmd':'x','healthChecks':"
        + "[{'protocol':'" + protocol + "','path':'/health','timeoutSeconds':2}]}")
        .replace('\'', '"')), Optional.empty()).healthChecks().get(0);
  }

  @Test
  void marathonsHttpCheckComesFromMarathonsAddressToTheAgentsHost() throws Exception {
    int port = serve("0.0.0.0", 204);

    assertThat(probe.check(check("HTTP"), "127.0.0.2", port)).isEqualTo(Result.HEALTHY);
    assertThat(remote.get()).isEqualTo("127.0.0.1");
  }

  @Test
  void aServerOnLoopbackOnlyFailsMarathonsChecksButPassesMesosChecks() throws Exception {
    int port = serve("127.0.0.1", 200);

    Result http = probe.check(check("HTTP"), "127.0.0.2", port);
    Result tcp = probe.check(check("TCP"), "127.0.0.2", port);

    assertThat(http.kind()).isEqualTo(Result.Kind.UNHEALTHY);
    assertThat(http.cause()).contains("Connection refused");
    assertThat(tcp.kind()).isEqualTo(Result.Kind.UNHEALTHY);
    assertThat(probe.check(check("MESOS_HTTP"), "127.0.0.2", port)).isEqualTo(Result.HEALTHY);
    assertThat(probe.check(check("MESOS_TCP"), "127.0.0.2", port)).isEqualTo(Result.HEALTHY);
  }

  @Test
  void anErrorStatusIsUnhealthyWithTheStatusAsCauseAndARedirectIsHealthy() throws Exception {
    int port = serve("127.0.0.2", 503);
    assertThat(probe.check(check("HTTP"), "127.0.0.2", port))
        .isEqualTo(Result.unhealthy("503 Service Unavailable"));
    server.stop(0);

    port = serve("127.0.0.2", 302);
    assertThat(probe.check(check("HTTP"), "127.0.0.2", port)).isEqualTo(Result.HEALTHY);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress("127.0.0.2", 0));

      Result result = probe.check(check("HTTP"), "127.0.0.2", silent.getLocalPort());

      assertThat(result.kind()).isEqualTo(Result.Kind.UNHEALTHY);
      assertThat(result.cause()).contains("SocketTimeoutException");
    }
  }
}
