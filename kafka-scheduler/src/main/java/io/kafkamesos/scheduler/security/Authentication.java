package io.kafkamesos.scheduler.security;

import java.util.Arrays;
import java.util.Optional;

/** How clients authenticate to the brokers ({@code AUTHENTICATION}). */
public enum Authentication {
  /** Clients are anonymous ({@code User:ANONYMOUS}); with TLS the traffic is still encrypted. */
  NONE("NONE"),
  /** SCRAM-SHA-512 over TLS (SASL_SSL): users and passwords that the scheduler's API manages. */
  SCRAM_SHA_512("SCRAM-SHA-512"),
  /** TLS client certificates signed by the cluster CA (SSL with {@code ssl.client.auth=required}). */
  MTLS("MTLS");

  private final String option;

  Authentication(String option) {
    this.option = option;
  }

  /** The value as the option and the variable spell it. */
  public String option() {
    return option;
  }

  public static Optional<Authentication> parse(String text) {
    return Arrays.stream(values()).filter(a -> a.option.equalsIgnoreCase(text.trim())).findFirst();
  }
}
