package io.kafkamesos.scheduler.mesos;

import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.Credential;
import io.kafkamesos.commons.mesos.MasterAddress;
import io.kafkamesos.commons.mesos.MasterLocator;
import io.kafkamesos.commons.mesos.MesosApi;
import io.kafkamesos.commons.mesos.MesosClient;
import io.kafkamesos.commons.mesos.TlsTrust;
import io.kafkamesos.scheduler.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the scheduler reaches the Mesos masters: where they are ({@code MESOS_MASTER}: URLs or
 * {@code zk://}), the framework's credential ({@code FRAMEWORK_PRINCIPAL} with
 * {@code FRAMEWORK_SECRET} or {@code FRAMEWORK_SECRET_FILE}) and the authorities trusted for https
 * masters ({@code MESOS_CA_FILE}, else {@code LIBPROCESS_SSL_CA_FILE}, else the JDK's).
 *
 * <p>Masters found through ZooKeeper are spoken to with https when {@code LIBPROCESS_SSL_ENABLED}
 * is set, as Mesos' own scheduler library decides (ZooKeeper names hosts, not schemes).
 *
 * <p>Read once at start-up; a bad value is an {@link InvalidSettingException} naming the variable.
 * The secret never leaves the {@link Credential}: {@link #describe()} and {@link #toString()} name
 * where it came from, never what it is.
 */
public final class MesosConnection {

  /** How long a lookup of the masters in ZooKeeper may wait for ZooKeeper. */
  static final Duration ZOOKEEPER_WAIT = Duration.ofSeconds(10);
  /** How libprocess spells true. */
  private static final Set<String> LIBPROCESS_TRUE = Set.of("true", "1");

  private final MasterAddress master;
  private final Optional<Credential> credential;
  private final String credentialSource;
  private final Optional<Path> caFile;
  private final boolean zooKeeperMastersTls;

  private MesosConnection(MasterAddress master, Optional<Credential> credential,
      String credentialSource, Optional<Path> caFile, boolean zooKeeperMastersTls) {
    this.master = master;
    this.credential = credential;
    this.credentialSource = credentialSource;
    this.caFile = caFile;
    this.zooKeeperMastersTls = zooKeeperMastersTls;
  }

  /**
   * Reads the connection settings.
   *
   * @param mesosMaster {@code MESOS_MASTER} as the settings hold it
   * @param principal {@code FRAMEWORK_PRINCIPAL}
   * @param env the environment, for the secret and the TLS variables
   * @throws InvalidSettingException naming the first variable that cannot be used
   */
  public static MesosConnection parse(String mesosMaster, String principal, Map<String, String> env) {
    MasterAddress master;
    try {
      master = MasterAddress.parse(mesosMaster);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("MESOS_MASTER", "Invalid MESOS_MASTER: " + e.getMessage());
    }
    // the secret as given, spaces included; blank counts as unset (Marathon passes "" for unset options)
    String secret = env.get("FRAMEWORK_SECRET");
    secret = secret == null || secret.isBlank() ? null : secret;
    String secretFile = value(env, "FRAMEWORK_SECRET_FILE");
    Optional<Credential> credential = Optional.empty();
    String source = "no credential";
    if (secret != null && secretFile != null) {
      throw new InvalidSettingException("FRAMEWORK_SECRET",
          "Set FRAMEWORK_SECRET or FRAMEWORK_SECRET_FILE, not both");
    }
    if (secretFile != null) {
      secret = readSecret(secretFile);
      source = "principal " + principal + ", secret from FRAMEWORK_SECRET_FILE=" + secretFile;
    } else if (secret != null) {
      source = "principal " + principal + ", secret from FRAMEWORK_SECRET";
    }
    if (secret != null) {
      credential = Optional.of(Credential.basic(principal, secret));
    }
    Optional<Path> ca = Optional.ofNullable(value(env, "MESOS_CA_FILE"))
        .or(() -> Optional.ofNullable(value(env, "LIBPROCESS_SSL_CA_FILE")))
        .map(Path::of);
    String caVariable = value(env, "MESOS_CA_FILE") != null ? "MESOS_CA_FILE" : "LIBPROCESS_SSL_CA_FILE";
    ca.ifPresent(file -> {
      try {
        TlsTrust.trusting(file);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(caVariable, "Invalid " + caVariable + ": " + e.getMessage());
      }
    });
    return new MesosConnection(master, credential, source, ca, libprocessSsl(env));
  }

  /**
   * A client builder for the masters, with the credential and the trusted authorities; the caller
   * adds the subscribe call and the listener.
   */
  public <C extends Message, E extends Message> MesosClient.Builder<C, E> builder(MesosApi<C, E> api) {
    return MesosClient.builder(locator(), api)
        .credential(credential.orElse(null))
        .sslContext(caFile.map(TlsTrust::trusting).orElse(null));
  }

  /** A new locator (one per client: the ZooKeeper one holds a session the client closes). */
  MasterLocator locator() {
    if (master instanceof MasterAddress.ZooKeeper zk) {
      return new ZooKeeperMasterLocator(zk, zooKeeperMastersTls ? "https" : "http", ZOOKEEPER_WAIT);
    }
    return MasterLocator.of(((MasterAddress.Urls) master).urls());
  }

  public Optional<Credential> credential() {
    return credential;
  }

  /** Where the masters are and how the scheduler authenticates, without any secret. */
  public String describe() {
    String tls = caFile.map(f -> ", trusting the authorities of " + f).orElse("");
    String zkTls = master instanceof MasterAddress.ZooKeeper
        ? (zooKeeperMastersTls ? " (https: LIBPROCESS_SSL_ENABLED)" : " (http)") : "";
    return master.describe() + zkTls + " with " + credentialSource + tls;
  }

  @Override
  public String toString() {
    return "MesosConnection(" + describe() + ")";
  }

  private static String readSecret(String file) {
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      // files written with echo end in a newline that is not part of the secret
      String secret = content.replaceAll("[\\r\\n]+$", "");
      if (secret.isEmpty()) {
        throw new InvalidSettingException("FRAMEWORK_SECRET_FILE",
            "Invalid FRAMEWORK_SECRET_FILE=" + file + ": the file is empty");
      }
      return secret;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidSettingException invalid) {
        throw invalid;
      }
      throw new InvalidSettingException("FRAMEWORK_SECRET_FILE",
          "Cannot read FRAMEWORK_SECRET_FILE=" + file + ": " + e.getClass().getSimpleName()
              + (e.getMessage() == null || e.getMessage().equals(file) ? "" : " " + e.getMessage()));
    }
  }

  /** libprocess' SSL switch, with its pre-1.0 name ({@code SSL_ENABLED}) as libprocess reads it. */
  static boolean libprocessSsl(Map<String, String> env) {
    String value = Optional.ofNullable(value(env, "LIBPROCESS_SSL_ENABLED"))
        .orElse(value(env, "SSL_ENABLED"));
    return value != null && LIBPROCESS_TRUE.contains(value.toLowerCase(Locale.ROOT));
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

}
