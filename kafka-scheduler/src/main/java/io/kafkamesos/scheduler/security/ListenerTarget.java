package io.kafkamesos.scheduler.security;

import java.util.List;
import java.util.Objects;

/**
 * The listeners one roll leaves the nodes with: the end state of {@link SecuritySettings}, or one
 * of the intermediate states of {@link ListenerPlan}.
 *
 * @param plaintext a PLAINTEXT listener (the only one without TLS; beside the secure ones with
 *     {@code allow-plaintext} or while TLS is being switched on)
 * @param secure the secure listeners: CLIENT (SSL or SASL_SSL) and INTERNAL (SSL, client
 *     certificates required)
 * @param authentication the CLIENT listener's authentication
 * @param interBrokerSecure whether brokers talk to each other on INTERNAL (else on PLAINTEXT)
 * @param authorizer whether Kafka's ACL authorizer runs
 * @param superUsers the operator's super users, besides the nodes and the scheduler
 */
public record ListenerTarget(boolean plaintext, boolean secure, Authentication authentication,
    boolean interBrokerSecure, boolean authorizer, List<String> superUsers) {

  /** A cluster without security: one PLAINTEXT listener. */
  public static final ListenerTarget PLAINTEXT =
      new ListenerTarget(true, false, Authentication.NONE, false, false, List.of());

  public ListenerTarget {
    Objects.requireNonNull(authentication);
    superUsers = List.copyOf(superUsers);
    if (!plaintext && !secure) {
      throw new IllegalArgumentException("a node needs at least one client listener");
    }
    if (!secure && (interBrokerSecure || authorizer || authentication != Authentication.NONE)) {
      throw new IllegalArgumentException("inter-broker TLS, authentication and the authorizer need"
          + " the secure listeners");
    }
    if (!interBrokerSecure && !plaintext) {
      throw new IllegalArgumentException("inter-broker traffic needs PLAINTEXT or INTERNAL");
    }
  }

  ListenerTarget withPlaintext(boolean on) {
    return new ListenerTarget(on, secure, authentication, interBrokerSecure, authorizer, superUsers);
  }

  ListenerTarget withSecure(Authentication how) {
    return new ListenerTarget(plaintext, true, how, interBrokerSecure, authorizer, superUsers);
  }

  ListenerTarget withInterBrokerSecure() {
    return new ListenerTarget(plaintext, secure, authentication, true, authorizer, superUsers);
  }

  ListenerTarget withAuthorizer(boolean on, List<String> users) {
    return new ListenerTarget(plaintext, secure, authentication, interBrokerSecure, on, users);
  }
}
