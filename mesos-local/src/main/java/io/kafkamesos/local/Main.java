package io.kafkamesos.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mesos-local.jar --agents 3 --resources "cpus:2;mem:4096;disk:20000;ports:[31000-32000]"
 * --port 5050 --zk-port 2181 --work-dir DIR [--masters 3]}: runs until SIGTERM, then shuts down
 * cleanly.
 */
public final class Main {

  private static final java.util.Set<String> BOOLEAN_FLAGS = java.util.Set.of(
      "--authenticate-http-frameworks", "--authenticate_http_frameworks");

  static final String USAGE = "usage: mesos-local [--agents N] [--resources R] [--port P]"
      + " [--zk-port P] [--work-dir DIR] [--masters N] [--credentials FILE]"
      + " [--authenticate-http-frameworks[=true|false]] [--fetcher_cache_dir DIR]"
      + " [--fetcher_cache_size BYTES]";

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "mesos-local-logback.xml");
    }
    MesosLocalConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mesos-local: " + e.getMessage() + " (" + USAGE + ")");
      System.exit(2);
      return;
    }
    if (config == null) {
      System.out.println(USAGE);
      return;
    }
    MesosLocal local;
    try {
      local = MesosLocal.start(config);
    } catch (IllegalArgumentException e) { // e.g. an unreadable credentials file
      System.err.println("mesos-local: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      local.close();
      done.countDown();
    }, "mesos-local-shutdown"));
    print(System.out, local);
    done.await();
  }

  static void print(PrintStream out, MesosLocal local) {
    out.println("mesos-local master:    " + local.masterUrl() + " (scheduler API "
        + local.masterUrl() + "/api/v1/scheduler, state " + local.masterUrl() + "/state)");
    if (local.masterUrls().size() > 1) {
      out.println("mesos-local masters:   " + String.join(" ", local.masterUrls()) + " (leader "
          + local.masterUrl() + "; all: " + local.zkMasterUrl() + ")");
    }
    out.println("mesos-local zookeeper: " + local.zkConnect());
    out.println("mesos-local marathon:  " + local.masterUrl() + "/marathon/v2/apps (services "
        + local.masterUrl() + "/service/<framework-name>/)");
    out.println("mesos-local agents:    " + String.join(" ", local.agentHostnames()));
    out.println("mesos-local work dir:  " + local.config().workDir().toAbsolutePath());
    out.flush();
  }

  /** The config the flags ask for; null for --help. */
  static MesosLocalConfig parse(String[] args) {
    MesosLocalConfig config = MesosLocalConfig.defaults(Path.of("mesos-local-work"));
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        return null;
      }
      String name = flag;
      String value;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        name = flag.substring(0, eq);
        value = flag.substring(eq + 1);
      } else if (BOOLEAN_FLAGS.contains(flag)) {
        value = "true"; // a boolean flag alone switches it on
      } else if (flag.startsWith("--no-") && BOOLEAN_FLAGS.contains("--" + flag.substring(5))) {
        name = "--" + flag.substring(5);
        value = "false";
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + flag);
        }
        value = args[++i];
      }
      switch (name) {
        case "--agents" -> config = config.withAgents(number(name, value));
        case "--resources" -> config = config.withResources(value);
        case "--port" -> config = config.withPort(number(name, value));
        case "--zk-port" -> config = config.withZkPort(number(name, value));
        case "--work-dir" -> config = config.withWorkDir(Path.of(value));
        case "--masters" -> config = config.withMasters(number(name, value));
        case "--credentials" -> config = config.withCredentials(value);
        case "--authenticate-http-frameworks", "--authenticate_http_frameworks" ->
            config = config.withFrameworkAuthentication(bool(name, value));
        case "--fetcher_cache_dir", "--fetcher-cache-dir" ->
            config = config.withFetcherCacheDir(Path.of(value));
        case "--fetcher_cache_size", "--fetcher-cache-size" ->
            config = config.withFetcherCacheSize(bytes(name, value));
        default -> throw new IllegalArgumentException("unknown flag " + name);
      }
    }
    if (config.authenticateFrameworks() && config.credentials() == null) {
      throw new IllegalArgumentException("--authenticate-http-frameworks needs --credentials FILE");
    }
    return config;
  }

  private static boolean bool(String flag, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(flag + " needs true or false, not '"
          + value + "'");
    };
  }

  /** Mesos' notation of bytes: {@code 2GB}, {@code 512MB}, {@code 64KB}, {@code 1024B} or a number. */
  static long bytes(String flag, String value) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(B|KB|MB|GB|TB)?")
        .matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + " needs a size such as 2GB, 512MB or 0, not '"
          + value + "'");
    }
    int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KB" -> 10;
      case "MB" -> 20;
      case "GB" -> 30;
      case "TB" -> 40;
      default -> 0;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(flag + " is too large: '" + value + "'");
    }
  }

  private static int number(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
    }
  }
}
