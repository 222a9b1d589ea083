package io.kafkamesos.scheduler.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** How to read a broker's registration in ZooKeeper ({@code /brokers/ids/<id>}). Pure. */
public final class KafkaRegistrations {

  private KafkaRegistrations() {
  }

  /**
   * The first listener of a registration whose protocol is PLAINTEXT, as {@code host:port};
   * Kafka 2.x also writes {@code host}/{@code port} for it, the fallback.
   */
  public static Optional<String> plaintextEndpoint(JsonNode registration) {
    JsonNode protocols = registration.path("listener_security_protocol_map");
    for (JsonNode endpoint : registration.path("endpoints")) {
      String text = endpoint.asText();
      int sep = text.indexOf("://");
      if (sep <= 0) {
        continue;
      }
      String listener = text.substring(0, sep);
      String protocol = protocols.path(listener).asText(listener);
      if (protocol.equals("PLAINTEXT")) {
        return Optional.of(text.substring(sep + 3));
      }
    }
    if (registration.hasNonNull("host") && registration.path("port").asInt(-1) > 0) {
      return Optional.of(registration.get("host").asText() + ":" + registration.get("port").asInt());
    }
    return Optional.empty();
  }
}
