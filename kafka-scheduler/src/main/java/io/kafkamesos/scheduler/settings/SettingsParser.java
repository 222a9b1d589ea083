package io.kafkamesos.scheduler.settings;

import io.kafkamesos.commons.mesos.MasterAddress;
import io.kafkamesos.commons.kafka.KafkaVersion;
import io.kafkamesos.commons.kafka.KafkaVersions;
import io.kafkamesos.commons.kafka.MetadataMode;
import io.kafkamesos.commons.node.NodeIds;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads {@link SchedulerSettings} from an environment. Pure: the same map gives the same settings,
 * and the first bad value gives an {@link InvalidSettingException} naming the variable and what it
 * allows.
 *
 * <p>Variables, with defaults: {@code FRAMEWORK_NAME} (kafka0), {@code BROKER_COUNT} (3),
 * {@code BROKER_PV} (FALSE), {@code PLACEMENT_STRATEGY} (ANY), {@code BROKER_CPUS} (1.0),
 * {@code BROKER_MEM} (512 MB), {@code BROKER_HEAP_MB} (256), {@code BROKER_DISK} (1000 MB),
 * {@code EXECUTOR_CPUS} (0.1), {@code EXECUTOR_MEM} (128 MB), {@code KAFKA_VERSION} (the stored
 * target's, else the catalogue's default), {@code KAFKA_DIST_URI_<version>} (each version's stock
 * archive), {@code KAFKA_URI} (a user's own archive: wins over the stock one), {@code JAVA_URI}
 * (none), {@code EXECUTOR_URI} (required), {@code EXECUTOR_JAVA} (java), {@code MESOS_MASTER}
 * (http://127.0.0.1:5050; also host:port lists and zk://hosts/path), {@code ZK_CONNECT} (127.0.0.1:2181), {@code KAFKA_ZK_CONNECT}
 * (ZK_CONNECT), {@code FRAMEWORK_ROLE} (&lt;name&gt;-role), {@code FRAMEWORK_PRINCIPAL}
 * (&lt;name&gt;-principal), {@code FAILOVER_TIMEOUT_SECONDS} (604800), {@code HOST} (127.0.0.1),
 * {@code PORT0} (8080), {@code API_TLS} (FALSE: the API port serves HTTPS with a certificate of the
 * cluster CA; needs {@code TLS_ENABLED}), {@code KAFKA_OVERRIDE_<NAME>}; in KRaft: {@code KAFKA_METADATA_MODE} (the
 * version's default: KRaft for Kafka 4, ZooKeeper for 3.9), {@code CONTROLLER_COUNT} (3, odd),
 * {@code CONTROLLER_CPUS} (0.5), {@code CONTROLLER_MEM} (512 MB), {@code CONTROLLER_HEAP_MB} (256),
 * {@code CONTROLLER_DISK} (500 MB).
 */
public final class SettingsParser {

  public static final String OVERRIDE_PREFIX = "KAFKA_OVERRIDE_";
  /** {@code KAFKA_DIST_URI_3_9_1}: the stock archive of one version (see {@link KafkaVersion#archiveVariable()}). */
  public static final String ARCHIVE_PREFIX = "KAFKA_DIST_URI_";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern ZK_HOSTS =
      Pattern.compile("[A-Za-z0-9._\\[\\]:-]+:\\d{1,5}(,[A-Za-z0-9._\\[\\]:-]+:\\d{1,5})*(/[A-Za-z0-9._/-]*[A-Za-z0-9._-])?");
  private static final Pattern OVERRIDE_NAME = Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
  /** Broker properties the executor derives from the task; an override would break the cluster. */
  private static final Set<String> MANAGED_PROPERTIES = Set.of(
      "broker.id", "zookeeper.connect", "listeners", "advertised.listeners", "port",
      "host.name", "advertised.host.name", "advertised.port", "log.dirs", "log.dir",
      // KRaft: a node's roles, id and quorum are the scheduler's
      "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "controller.listener.names", "metadata.log.dir");

  private SettingsParser() {
  }

  /**
   * Reads the settings.
   *
   * @throws InvalidSettingException for the first variable with a value that is not allowed
   */
  public static SchedulerSettings parse(Map<String, String> env) {
    Env e = new Env(env);
    String name = e.matching("FRAMEWORK_NAME", "kafka0", NAME,
        "1 to 63 letters, digits, '-' or '_', starting with a letter or digit");
    int count = e.integer("BROKER_COUNT", 3, 1, io.kafkamesos.commons.node.NodeIds.MAX_BROKERS);
    boolean pv = e.bool("BROKER_PV", false);
    PlacementStrategy placement = e.placement("PLACEMENT_STRATEGY", PlacementStrategy.ANY);
    double cpus = e.decimal("BROKER_CPUS", 1.0, 0.01, 1024);
    int mem = e.integer("BROKER_MEM", 512, 32, 1 << 20);
    int heap = e.integer("BROKER_HEAP_MB", 256, 16, 1 << 20);
    if (heap >= mem) {
      throw new InvalidSettingException("BROKER_HEAP_MB", "Invalid BROKER_HEAP_MB=" + heap
          + ": the heap must be smaller than BROKER_MEM (" + mem + " MB), which also holds the JVM's own memory");
    }
    int disk = e.integer("BROKER_DISK", 1000, 1, Integer.MAX_VALUE);
    double executorCpus = e.decimal("EXECUTOR_CPUS", 0.1, 0.01, 64);
    int executorMem = e.integer("EXECUTOR_MEM", 128, 32, 1 << 16);
    KafkaSoftware kafka = kafka(e, env);
    String executorUri = e.required("EXECUTOR_URI", "the URI of the executor jar (kafka-executor.jar)");
    String java = e.text("EXECUTOR_JAVA", "java");
    String master = e.masters("MESOS_MASTER", "http://127.0.0.1:5050");
    String zk = e.matching("ZK_CONNECT", "127.0.0.1:2181", ZK_HOSTS,
        "host:port[,host:port...][/chroot], e.g. 127.0.0.1:2181");
    String kafkaZk = e.matching("KAFKA_ZK_CONNECT", zk, ZK_HOSTS,
        "host:port[,host:port...][/chroot], e.g. 127.0.0.1:2181");
    String role = e.matching("FRAMEWORK_ROLE", name + "-role", ROLE,
        "a Mesos role: letters, digits, '_', '-', '.', not starting with '.' or '-', not '*'");
    String principal = e.matching("FRAMEWORK_PRINCIPAL", name + "-principal", ROLE,
        "letters, digits, '_', '-', '.'");
    long failover = e.integer("FAILOVER_TIMEOUT_SECONDS", 7 * 24 * 3600, 1, Integer.MAX_VALUE);
    String host = e.matching("HOST", "127.0.0.1", HOST, "a host name or IP address");
    int port = e.integer("PORT0", 8080, 1, 65535);
    boolean apiTls = e.bool("API_TLS", false);
    Map<String, String> overrides = overrides(env);
    return new SchedulerSettings(name, count, pv, placement,
        new SchedulerSettings.BrokerResources(cpus, mem, heap, disk), executorCpus, executorMem,
        kafka, executorUri, java, master, zk, kafkaZk, role, principal,
        Duration.ofSeconds(failover), host, port, apiTls, overrides, kraft(e, kafka.version()));
  }

  /**
   * {@code KAFKA_METADATA_MODE} and the controllers. Without the variable a cluster runs its
   * version's default mode (KRaft for Kafka 4, ZooKeeper for 3.9);
   * {@link io.kafkamesos.scheduler.core.TargetResolver} keeps a stored cluster's mode instead.
   */
  static KraftSettings kraft(Env e, KafkaVersion version) {
    String requested = e.raw("KAFKA_METADATA_MODE");
    MetadataMode mode = version.defaultMode();
    if (requested != null) {
      try {
        mode = MetadataMode.valueOf(requested.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException bad) {
        throw new InvalidSettingException("KAFKA_METADATA_MODE", "Invalid KAFKA_METADATA_MODE='"
            + requested + "': must be ZOOKEEPER or KRAFT");
      }
      if (!version.runs(mode)) {
        throw new InvalidSettingException("KAFKA_METADATA_MODE", "Invalid KAFKA_METADATA_MODE='"
            + requested + "': Kafka " + version + " runs " + (mode == MetadataMode.KRAFT
            ? "in ZooKeeper mode only; KRaft needs Kafka 3.9.1 or newer"
            : "in KRaft mode only (Kafka 4 removed ZooKeeper)"));
      }
    }
    int controllers = e.integer("CONTROLLER_COUNT", 3, 1, NodeIds.MAX_CONTROLLERS);
    if (controllers % 2 == 0) {
      throw new InvalidSettingException("CONTROLLER_COUNT", "Invalid CONTROLLER_COUNT=" + controllers
          + ": must be odd (1, 3, 5, ...): a quorum of " + controllers + " controllers needs "
          + (controllers / 2 + 1) + " of them up, as many as one of " + (controllers + 1)
          + " does, and survives no more failures than one of " + (controllers - 1));
    }
    double cpus = e.decimal("CONTROLLER_CPUS", 0.5, 0.01, 1024);
    int mem = e.integer("CONTROLLER_MEM", 512, 32, 1 << 20);
    int heap = e.integer("CONTROLLER_HEAP_MB", 256, 16, 1 << 20);
    if (heap >= mem) {
      throw new InvalidSettingException("CONTROLLER_HEAP_MB", "Invalid CONTROLLER_HEAP_MB=" + heap
          + ": the heap must be smaller than CONTROLLER_MEM (" + mem + " MB), which also holds the"
          + " JVM's own memory");
    }
    int disk = e.integer("CONTROLLER_DISK", 500, 1, Integer.MAX_VALUE);
    SchedulerSettings.BrokerResources resources = new SchedulerSettings.BrokerResources(cpus, mem,
        heap, disk);
    return new KraftSettings(mode, controllers, resources, requested != null);
  }

  /**
   * {@code KAFKA_VERSION}, the archives and {@code JAVA_URI}. Without {@code KAFKA_VERSION} this
   * answers the catalogue's default, which {@link io.kafkamesos.scheduler.core.TargetResolver}
   * replaces by the stored target's version for an existing cluster.
   */
  static KafkaSoftware kafka(Env e, Map<String, String> env) {
    KafkaVersions catalogue = KafkaVersions.standard();
    Map<String, String> archives = new TreeMap<>();
    Set<String> known = new java.util.HashSet<>();
    for (KafkaVersion version : catalogue.all()) {
      known.add(version.archiveVariable());
      String uri = e.raw(version.archiveVariable());
      if (uri != null) {
        archives.put(version.version(), uri);
      }
    }
    for (String variable : new TreeMap<>(env).keySet()) {
      if (variable.startsWith(ARCHIVE_PREFIX) && !known.contains(variable) && e.raw(variable) != null) {
        throw new InvalidSettingException(variable, "Invalid " + variable + ": it names no Kafka"
            + " version of the catalogue; the archive variables are " + String.join(", ",
            catalogue.all().stream().map(KafkaVersion::archiveVariable).toList()));
      }
    }
    String requested = e.raw("KAFKA_VERSION");
    KafkaVersion version = catalogue.defaultVersion();
    if (requested != null) {
      version = catalogue.find(requested).orElseThrow(() -> new InvalidSettingException(
          "KAFKA_VERSION", "Invalid KAFKA_VERSION='" + requested + "': must be one of "
              + catalogue.supportedList()));
      if (!version.supported()) {
        throw new InvalidSettingException("KAFKA_VERSION", "Invalid KAFKA_VERSION='" + requested
            + "': " + version.unsupported() + "; choose one of " + catalogue.supportedList());
      }
    }
    if (requested == null && e.raw("KAFKA_URI") == null && !archives.containsKey(version.version())) {
      // an environment rendered before the default had an archive (a scheduler upgraded under an
      // old Marathon app): the newest version it has an archive of. Not asked for, so a stored
      // cluster still runs its own version (TargetResolver), and no default ever upgrades it.
      version = catalogue.supported().stream().filter(v -> archives.containsKey(v.version()))
          .reduce((a, b) -> b).orElse(version);
    }
    KafkaSoftware.Sources sources = new KafkaSoftware.Sources(requested, e.raw("KAFKA_URI"), archives);
    if (sources.ownUri() == null && archives.isEmpty()) {
      throw new InvalidSettingException("KAFKA_URI", "Missing " + version.archiveVariable()
          + " or KAFKA_URI: set " + version.archiveVariable() + " (and the other versions' "
          + ARCHIVE_PREFIX + "*) to the URI of each Kafka archive (" + version.archiveName()
          + ", ...), or KAFKA_URI to your own archive of Kafka " + version);
    }
    return new KafkaSoftware(version, sources.uriFor(version), e.raw("JAVA_URI"), sources);
  }

  /** {@code KAFKA_OVERRIDE_NUM_PARTITIONS=6} becomes {@code num.partitions=6}. */
  static Map<String, String> overrides(Map<String, String> env) {
    Map<String, String> overrides = new TreeMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String variable = entry.getKey();
      if (!variable.startsWith(OVERRIDE_PREFIX)) {
        continue;
      }
      String suffix = variable.substring(OVERRIDE_PREFIX.length());
      if (!OVERRIDE_NAME.matcher(suffix).matches()) {
        throw new InvalidSettingException(variable, "Invalid " + variable
            + ": the name after KAFKA_OVERRIDE_ must be upper-case letters and digits separated by single '_'"
            + " (KAFKA_OVERRIDE_NUM_PARTITIONS sets num.partitions)");
      }
      String property = suffix.toLowerCase(Locale.ROOT).replace('_', '.');
      if (MANAGED_PROPERTIES.contains(property)) {
        throw new InvalidSettingException(variable, "Invalid " + variable + ": " + property
            + " is set by the scheduler for each broker and cannot be overridden");
      }
      String value = entry.getValue() == null ? "" : entry.getValue().trim();
      if (value.isEmpty()) {
        throw new InvalidSettingException(variable, "Invalid " + variable
            + ": empty value; give the value of " + property);
      }
      if (property.equals(KafkaVersions.PROTOCOL_PROPERTY)) {
        try {
          KafkaVersions.compareProtocols(value, value);
        } catch (IllegalArgumentException bad) {
          throw new InvalidSettingException(variable, "Invalid " + variable + "='" + value
              + "': must be a protocol version such as 2.4 or 3.9");
        }
      }
      overrides.put(property, value);
    }
    return overrides;
  }

  /** Typed reads of one environment, each failing with the variable's name. */
  private record Env(Map<String, String> env) {

    /** The trimmed value, or null when unset or blank (Marathon passes empty strings for unset options). */
    String raw(String variable) {
      String value = env.get(variable);
      if (value == null || value.isBlank()) {
        return null;
      }
      return value.trim();
    }

    String text(String variable, String fallback) {
      String value = raw(variable);
      return value == null ? fallback : value;
    }

    String required(String variable, String what) {
      String value = raw(variable);
      if (value == null) {
        throw new InvalidSettingException(variable, "Missing " + variable + ": set it to " + what);
      }
      return value;
    }

    String matching(String variable, String fallback, Pattern pattern, String allowed) {
      String value = text(variable, fallback);
      if (!pattern.matcher(value).matches()) {
        throw invalid(variable, value, allowed);
      }
      return value;
    }

    int integer(String variable, int fallback, int min, int max) {
      String value = raw(variable);
      if (value == null) {
        return fallback;
      }
      String allowed = "an integer from " + min + " to " + max;
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
          throw invalid(variable, value, allowed);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw invalid(variable, value, allowed);
      }
    }

    double decimal(String variable, double fallback, double min, double max) {
      String value = raw(variable);
      if (value == null) {
        return fallback;
      }
      String allowed = "a number from " + min + " to " + max;
      try {
        double parsed = Double.parseDouble(value);
        if (!(parsed >= min && parsed <= max)) {
          throw invalid(variable, value, allowed);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw invalid(variable, value, allowed);
      }
    }

    boolean bool(String variable, boolean fallback) {
      String value = raw(variable);
      if (value == null) {
        return fallback;
      }
      return switch (value.toUpperCase(Locale.ROOT)) {
        case "TRUE" -> true;
        case "FALSE" -> false;
        default -> throw invalid(variable, value, "TRUE or FALSE");
      };
    }

    PlacementStrategy placement(String variable, PlacementStrategy fallback) {
      String value = raw(variable);
      if (value == null) {
        return fallback;
      }
      try {
        return PlacementStrategy.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw invalid(variable, value, "ANY or NODE");
      }
    }

    /**
     * Where the masters are ({@link MasterAddress}): URLs (a bare {@code host:port} is taken as
     * {@code http://host:port}), or {@code zk://hosts/path}. URLs are kept normalized; a
     * {@code zk://} address as given. A refusal never echoes a value that holds credentials.
     */
    String masters(String variable, String fallback) {
      String value = text(variable, fallback);
      MasterAddress address;
      try {
        address = MasterAddress.parse(value);
      } catch (IllegalArgumentException e) {
        String shown = value.contains("@") ? "" : "='" + value + "'";
        throw new InvalidSettingException(variable, "Invalid " + variable + shown + ": " + e.getMessage());
      }
      return address instanceof MasterAddress.Urls ? address.describe() : value;
    }

    private static InvalidSettingException invalid(String variable, String value, String allowed) {
      return new InvalidSettingException(variable,
          "Invalid " + variable + "='" + value + "': must be " + allowed);
    }
  }
}
