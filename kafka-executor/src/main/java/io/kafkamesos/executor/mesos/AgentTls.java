package io.kafkamesos.executor.mesos;

import io.kafkamesos.commons.mesos.TlsTrust;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Whether and how the executor speaks TLS to its agent, decided as Mesos' own executor library
 * decides: from the libprocess SSL variables the agent passes on to its executors
 * ({@code LIBPROCESS_SSL_*}, or their pre-1.0 names {@code SSL_*}).
 *
 * <ul>
 *   <li>{@code LIBPROCESS_SSL_ENABLED=true|1}: the agent speaks https;
 *   <li>{@code LIBPROCESS_SSL_VERIFY_SERVER_CERT} (alias {@code VERIFY_CERT}; also on with
 *       {@code REQUIRE_CERT}): verify the agent's certificate against {@code LIBPROCESS_SSL_CA_FILE}
 *       and the files of {@code LIBPROCESS_SSL_CA_DIR} (the JDK's authorities when neither is set),
 *       with its host name, the host of {@code MESOS_AGENT_ENDPOINT};
 *   <li>without it, libprocess verifies nothing, and neither does the executor (it says so in its log).
 * </ul>
 *
 * @param enabled whether the agent speaks https
 * @param verify whether the agent's certificate is verified
 * @param caFiles the PEM files of the trusted authorities (empty: the JDK's)
 */
public record AgentTls(boolean enabled, boolean verify, List<Path> caFiles) {

  private static final Set<String> TRUE = Set.of("true", "1");

  public AgentTls {
    caFiles = List.copyOf(caFiles);
  }

  /** No TLS: the agent speaks http. */
  public static AgentTls off() {
    return new AgentTls(false, false, List.of());
  }

  /**
   * Reads the libprocess SSL variables.
   *
   * @throws IllegalArgumentException naming a CA variable whose file or directory cannot be used
   */
  public static AgentTls parse(Map<String, String> env) {
    if (!flag(env, "ENABLED")) {
      return off();
    }
    boolean verify = flag(env, "VERIFY_SERVER_CERT") || flag(env, "VERIFY_CERT") || flag(env, "REQUIRE_CERT");
    List<Path> cas = new ArrayList<>();
    variable(env, "CA_FILE").ifPresent(v -> cas.add(Path.of(v.value())));
    variable(env, "CA_DIR").ifPresent(v -> {
      try {
        cas.addAll(TlsTrust.certificateFiles(Path.of(v.value())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(v.name() + ": " + e.getMessage(), e);
      }
    });
    AgentTls tls = new AgentTls(true, verify, cas);
    if (verify && !cas.isEmpty()) {
      try {
        tls.context();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(variable(env, "CA_FILE").map(Variable::name)
            .orElse("LIBPROCESS_SSL_CA_DIR") + ": " + e.getMessage(), e);
      }
    }
    return tls;
  }

  /** The scheme of the agent's endpoint. */
  public String scheme() {
    return enabled ? "https" : "http";
  }

  /**
   * The TLS context for the agent: empty for http and for the JDK's default trust.
   *
   * @throws IllegalArgumentException when a CA file cannot be used
   */
  public Optional<SSLContext> context() {
    if (!enabled) {
      return Optional.empty();
    }
    if (!verify) {
      return Optional.of(TlsTrust.unverified());
    }
    return caFiles.isEmpty() ? Optional.empty() : Optional.of(TlsTrust.trusting(caFiles));
  }

  /** For the start-up log line. */
  public String describe() {
    if (!enabled) {
      return "http";
    }
    if (!verify) {
      return "https, the agent's certificate not verified (LIBPROCESS_SSL_VERIFY_SERVER_CERT is off)";
    }
    return "https, verifying the agent's certificate against "
        + (caFiles.isEmpty() ? "the JDK's authorities" : caFiles.toString());
  }

  private record Variable(String name, String value) {
  }

  /** {@code LIBPROCESS_SSL_<suffix>}, else the legacy {@code SSL_<suffix>}, as libprocess reads them. */
  private static Optional<Variable> variable(Map<String, String> env, String suffix) {
    for (String name : List.of("LIBPROCESS_SSL_" + suffix, "SSL_" + suffix)) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(new Variable(name, value.trim()));
      }
    }
    return Optional.empty();
  }

  private static boolean flag(Map<String, String> env, String suffix) {
    return variable(env, suffix).map(v -> TRUE.contains(v.value().toLowerCase(Locale.ROOT))).orElse(false);
  }
}
