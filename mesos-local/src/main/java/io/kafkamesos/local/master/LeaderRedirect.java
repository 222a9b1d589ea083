package io.kafkamesos.local.master;

import io.kafkamesos.local.http.HttpExchange;
import io.kafkamesos.local.http.HttpSupport;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a master that does not lead answers what only the leader may (src/master/http.cpp
 * {@code Master::Http::redirect}): {@code 307 Temporary Redirect} with the leader in
 * {@code Location} as a scheme-relative URL ({@code //host:port/master/...}, the path as
 * libprocess routes it, with the query), or {@code 503 No leader elected} when it knows none.
 */
public final class LeaderRedirect {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderRedirect.class);

  private LeaderRedirect() {
  }

  public static void reply(HttpExchange exchange, Optional<MasterInfo> leader) throws IOException {
    if (leader.isEmpty()) {
      LOG.warn("Not the leader, and no leader is known: cannot redirect {}", exchange.path());
      HttpSupport.reply(exchange, 503, "No leader elected");
      return;
    }
    String location = base(leader.get()) + libprocessPath(exchange.path())
        + (exchange.query().isEmpty() ? "" : "?" + exchange.query());
    LOG.info("Redirecting request for {} to the leading master {}", exchange.path(),
        leader.get().getHostname());
    exchange.reply(307, Map.of("Location", location), new byte[0]);
  }

  /** {@code /redirect}: to the leader's base URL (from the leader as from any master). */
  public static void toBase(HttpExchange exchange, Optional<MasterInfo> leader) throws IOException {
    if (leader.isEmpty()) {
      HttpSupport.reply(exchange, 503, "No leader elected");
      return;
    }
    exchange.reply(307, Map.of("Location", base(leader.get())), new byte[0]);
  }

  private static String base(MasterInfo leader) {
    return "//" + leader.getHostname() + ":" + leader.getPort();
  }

  /** The path as the master process sees it: libprocess puts its delegate's name before it. */
  static String libprocessPath(String path) {
    return path.equals("/master") || path.startsWith("/master/") ? path : "/master" + path;
  }
}
