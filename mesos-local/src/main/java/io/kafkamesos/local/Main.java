package io.kafkamesos.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mesos-local.jar --agents 3 --resources "cpus:2;mem:4096;disk:20000;ports:[31000-32000]"
 * --port 5050 --zk-port 2181 --work-dir DIR}: runs until SIGTERM, then shuts down cleanly.
 */
public final class Main {

  static final String USAGE = "usage: mesos-local [--agents N] [--resources R] [--port P]"
      + " [--zk-port P] [--work-dir DIR]";

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
    MesosLocal local = MesosLocal.start(config);
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
        default -> throw new IllegalArgumentException("unknown flag " + name);
      }
    }
    return config;
  }

  private static int number(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
    }
  }
}
