package io.kafkamesos.commons.security;

import io.kafkamesos.commons.message.PropertiesData;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The TLS side of a node's launch, carried in the same {@code TaskInfo.data} as its
 * {@link io.kafkamesos.commons.broker.BrokerTaskSpec} (keys {@code tls.*}, which the spec's reader
 * ignores): the task's one-time secret for its certificate request, and the listener and security
 * properties the scheduler laid out for the node ({@code listeners}, {@code
 * listener.security.protocol.map}, {@code authorizer.class.name}, ...). The executor adds the
 * key store properties of the files it writes, then starts the node.
 *
 * <p>Neither part is a key: the node's private key is made on its agent and never leaves it, and
 * the secret only lets the scheduler tell this task's request from anyone else's (Mesos' sender
 * ids are checked as well). {@link #toString()} hides the secret.
 *
 * @param taskSecret the secret the task's certificate request carries ({@link CertificateMessages.Request})
 * @param properties the node's listener and security properties, applied after its own and before
 *     its key stores'
 */
public record NodeTlsSpec(String taskSecret, Map<String, String> properties) {

  private static final String SECRET = "tls.task.secret";
  private static final String PROPERTY = "tls.property.";

  public NodeTlsSpec {
    Objects.requireNonNull(taskSecret);
    if (taskSecret.isBlank()) {
      throw new IllegalArgumentException("a node's TLS spec needs its task secret");
    }
    properties = Map.copyOf(properties);
  }

  /** {@code specData} (a spec's properties text) with this TLS side added. */
  public byte[] appendTo(byte[] specData) {
    Properties p = load(specData);
    p.setProperty(SECRET, taskSecret);
    properties.forEach((k, v) -> p.setProperty(PROPERTY + k, v));
    return PropertiesData.encode(p);
  }

  /**
   * The TLS side of a task's data.
   *
   * @return empty for a node without TLS (no {@code tls.task.secret})
   */
  public static Optional<NodeTlsSpec> decode(byte[] data) {
    Properties p = load(data);
    String secret = p.getProperty(SECRET);
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> properties = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(PROPERTY)) {
        properties.put(key.substring(PROPERTY.length()), p.getProperty(key));
      }
    }
    return Optional.of(new NodeTlsSpec(secret.trim(), properties));
  }

  private static Properties load(byte[] data) {
    return PropertiesData.decode(data);
  }

  @Override
  public String toString() {
    return "NodeTlsSpec[properties=" + properties.keySet() + "]";
  }
}
