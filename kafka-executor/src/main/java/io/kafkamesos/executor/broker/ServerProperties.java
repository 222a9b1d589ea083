package io.kafkamesos.executor.broker;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * The broker's {@code server.properties}, as a pure function of the task spec and the resolved data
 * directory: identity, listener, storage and ZooKeeper first, the scheduler's overrides last so that
 * they win.
 */
public final class ServerProperties {

  private ServerProperties() {
  }

  /** The properties in the order they are written. */
  public static LinkedHashMap<String, String> of(BrokerTaskSpec spec, Path logDir) {
    String listener = "PLAINTEXT://" + spec.advertisedHost() + ":" + spec.port();
    LinkedHashMap<String, String> p = new LinkedHashMap<>();
    p.put("broker.id", Integer.toString(spec.brokerId()));
    p.put("listeners", listener);
    p.put("advertised.listeners", listener);
    p.put("log.dirs", logDir.toString());
    p.put("zookeeper.connect", spec.zookeeperConnect());
    // Kafka's own defaults suit us otherwise; anything cluster-specific comes as an override.
    spec.overrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> p.put(e.getKey(), e.getValue()));
    return p;
  }

  /** The file's text: {@code key=value} lines, escaped as {@link java.util.Properties} reads them. */
  public static String render(BrokerTaskSpec spec, Path logDir) {
    return render(spec, logDir, "");
  }

  /**
   * The file's text for a broker of {@code kafkaVersion}. Kafka 2.4 and 3.9 read the same
   * properties in ZooKeeper mode: what 3.0 removed ({@code port}, {@code host.name},
   * {@code advertised.port}, {@code advertised.host.name}) the scheduler neither writes nor lets
   * an override set, and what 3.x deprecated ({@code log.message.format.version}) is written only
   * when the operator pins it (Kafka ignores it once the protocol is 3.0 or newer).
   */
  public static String render(BrokerTaskSpec spec, Path logDir, String kafkaVersion) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by kafka-executor for broker ").append(spec.brokerId())
        .append(" of ").append(spec.frameworkName())
        .append(kafkaVersion.isEmpty() ? "" : " (Kafka " + kafkaVersion + ", ZooKeeper mode)")
        .append('\n');
    of(spec, logDir).forEach((k, v) ->
        out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
    return out.toString();
  }

  private static String escape(String text, boolean key) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
        case '=', ':', '#', '!' -> {
          if (key) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
