package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.local.marathon.AppDefinition.FetchSpec;
import io.kafkamesos.local.marathon.AppDefinition.HealthCheckSpec;
import io.kafkamesos.local.marathon.InvalidAppException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an app definition as Marathon's {@code /v2/apps} takes it, with Marathon's defaults
 * (cpus 1, mem 128, one port, instances 1) and checks, collecting every problem before refusing.
 * Pure: no I/O.
 */
public final class AppParser {

  /** One path segment of a Marathon app id; mesos-local has no groups, so one segment only. */
  private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** What a stopped process gets between SIGTERM and SIGKILL unless the app says otherwise. */
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

  private AppParser() {
  }

  /** The app id of a path such as {@code /kafka0} or {@code kafka0}, without slashes. */
  public static String normalize(String id) {
    String out = id.strip();
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /**
   * Parses a definition; {@code pathId} is the id from the URL of a PUT, which wins over (and
   * must agree with) the body's.
   *
   * @throws InvalidAppException naming every refused field
   */
  public static AppDefinition parse(JsonNode body, Optional<String> pathId) {
    List<Problem> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new InvalidAppException(List.of(new Problem("/", "an app definition must be a JSON object")));
    }
    ObjectNode raw = ((ObjectNode) body).deepCopy();
    String name = pathId.map(AppParser::normalize).orElse(normalize(raw.path("id").asText("")));
    if (pathId.isPresent() && raw.hasNonNull("id")
        && !normalize(raw.get("id").asText()).equals(name)) {
      problems.add(new Problem("/id", "the id in the body (" + raw.get("id").asText()
          + ") differs from the URL's (/" + name + ")"));
    }
    if (name.isEmpty()) {
      problems.add(new Problem("/id", "error.path.missing: an app needs an id"));
    } else if (!ID.matcher(name).matches()) {
      problems.add(new Problem("/id", "must fully match regular expression '" + ID.pattern()
          + "' (lower case letters, digits, '-' and '.'; groups such as /a/b are not supported"
          + " by mesos-local), not '" + name + "'"));
    }
    raw.put("id", "/" + name);
    String cmd = raw.path("cmd").asText("");
    if (raw.has("args") && !raw.get("args").isNull()) {
      problems.add(new Problem("/args", "mesos-local runs 'cmd' only (with sh -c); use cmd"));
    }
    if (raw.has("container") && !raw.get("container").isNull()) {
      problems.add(new Problem("/container", "mesos-local has no containerizer; leave container out"));
    }
    if (cmd.isBlank()) {
      problems.add(new Problem("/cmd", "AppDefinition must either contain one of 'cmd' or 'args',"
          + " and/or a 'container'; mesos-local needs 'cmd'"));
    }
    double cpus = number(raw, "cpus", 1.0, 0.0, problems);
    double mem = number(raw, "mem", 128.0, 0.0, problems);
    double disk = number(raw, "disk", 0.0, 0.0, problems);
    int instances = 1;
    if (raw.has("instances")) {
      JsonNode n = raw.get("instances");
      if (!n.isIntegralNumber() || (n.asInt() != 0 && n.asInt() != 1)) {
        problems.add(new Problem("/instances", "mesos-local runs 0 or 1 instance of an app, not " + n));
      } else {
        instances = n.asInt();
      }
    }
    Map<String, String> env = env(raw.path("env"), problems);
    List<FetchSpec> fetch = fetch(raw, problems);
    int portCount = ports(raw, problems);
    List<HealthCheckSpec> checks = healthChecks(raw.path("healthChecks"), portCount, problems);
    Duration killGrace = DEFAULT_KILL_GRACE;
    if (raw.has("taskKillGracePeriodSeconds") && !raw.get("taskKillGracePeriodSeconds").isNull()) {
      double g = number(raw, "taskKillGracePeriodSeconds", 0, 0, problems);
      killGrace = Duration.ofMillis((long) (g * 1000));
    }
    AppDefinition.Backoff backoff = new AppDefinition.Backoff(
        Duration.ofMillis((long) (number(raw, "backoffSeconds", 1, 0, problems) * 1000)),
        number(raw, "backoffFactor", 1.15, 1.0, problems),
        Duration.ofMillis((long) (number(raw, "maxLaunchDelaySeconds", 300, 0, problems) * 1000)));
    if (!problems.isEmpty()) {
      throw new InvalidAppException(problems);
    }
    return new AppDefinition(name, cmd, cpus, mem, disk, instances, env, fetch, portCount, checks,
        killGrace, backoff, raw);
  }

  private static double number(ObjectNode raw, String field, double dflt, double min,
      List<Problem> problems) {
    JsonNode n = raw.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isNumber()) {
      problems.add(new Problem("/" + field, "error.expected.jsnumber: must be a number, not " + n));
      return dflt;
    }
    if (n.asDouble() < min) {
      problems.add(new Problem("/" + field, "error.min: must be at least " + min + ", not " + n));
    }
    return n.asDouble();
  }

  private static Map<String, String> env(JsonNode node, List<Problem> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return env;
    }
    if (!node.isObject()) {
      problems.add(new Problem("/env", "error.expected.jsobject: env must be an object"));
      return env;
    }
    node.fields().forEachRemaining(e -> {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        problems.add(new Problem("/env/" + e.getKey(), "not an environment variable name"));
      } else if (!e.getValue().isTextual()) {
        problems.add(new Problem("/env/" + e.getKey(), "error.expected.jsstring: must be a"
            + " string (secrets are not supported), not " + e.getValue()));
      } else {
        env.put(e.getKey(), e.getValue().asText());
      }
    });
    return env;
  }

  private static List<FetchSpec> fetch(ObjectNode raw, List<Problem> problems) {
    List<FetchSpec> fetch = new ArrayList<>();
    JsonNode f = raw.path("fetch");
    JsonNode uris = raw.path("uris");
    boolean hasFetch = f.isArray() && f.size() > 0;
    boolean hasUris = uris.isArray() && uris.size() > 0;
    if (hasFetch && hasUris) {
      problems.add(new Problem("/uris", "AppDefinition must either contain a 'fetch' or 'uris',"
          + " not both"));
      return fetch;
    }
    if (!f.isMissingNode() && !f.isNull() && !f.isArray()) {
      problems.add(new Problem("/fetch", "error.expected.jsarray: fetch must be an array"));
    }
    for (int i = 0; hasFetch && i < f.size(); i++) {
      JsonNode item = f.get(i);
      String uri = item.path("uri").asText("");
      if (uri.isBlank()) {
        problems.add(new Problem("/fetch(" + i + ")/uri", "error.path.missing: a uri is needed"));
      } else {
        boolean archive = uri.matches(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|txz|tar\\.xz|zip)$");
        fetch.add(new FetchSpec(uri, item.path("extract").asBoolean(archive),
            item.path("executable").asBoolean(false)));
      }
    }
    for (int i = 0; hasUris && i < uris.size(); i++) {
      String uri = uris.get(i).asText("");
      if (uri.isBlank()) {
        problems.add(new Problem("/uris(" + i + ")", "must be a non-empty string"));
      } else {
        fetch.add(new FetchSpec(uri, true, false));
      }
    }
    return fetch;
  }

  private static int ports(ObjectNode raw, List<Problem> problems) {
    JsonNode defs = raw.path("portDefinitions");
    JsonNode ports = raw.path("ports");
    if (defs.isArray()) {
      for (int i = 0; i < defs.size(); i++) {
        int port = defs.get(i).path("port").asInt(0);
        if (port != 0) {
          problems.add(new Problem("/portDefinitions(" + i + ")/port", "mesos-local assigns every"
              + " port itself; use 0, not " + port));
        }
      }
      return defs.size();
    }
    if (ports.isArray()) {
      return ports.size();
    }
    return 1;
  }

  /** Marathon's {@code healthChecks[]}, with Marathon's defaults. */
  private static List<HealthCheckSpec> healthChecks(JsonNode node, int portCount,
      List<Problem> problems) {
    List<HealthCheckSpec> checks = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return checks;
    }
    if (!node.isArray()) {
      problems.add(new Problem("/healthChecks", "error.expected.jsarray: must be an array"));
      return checks;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode c = node.get(i);
      String at = "/healthChecks(" + i + ")";
      if (!c.isObject()) {
        problems.add(new Problem(at, "error.expected.jsobject: a health check is an object"));
        continue;
      }
      String name = c.path("protocol").asText("HTTP");
      AppDefinition.Protocol protocol;
      try {
        protocol = AppDefinition.Protocol.valueOf(name);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(at + "/protocol", "mesos-local checks HTTP, TCP, MESOS_HTTP"
            + " and MESOS_TCP, not " + name));
        continue;
      }
      int port = c.path("port").asInt(0);
      int portIndex = c.path("portIndex").asInt(0);
      if (c.has("port") && !c.get("port").isNull() && (!c.get("port").isIntegralNumber()
          || port < 1 || port > 65535)) {
        problems.add(new Problem(at + "/port", "must be a port number, not " + c.get("port")));
        continue;
      }
      if (port == 0 && (portIndex < 0 || portIndex >= portCount)) {
        problems.add(new Problem(at + "/portIndex", "the app has " + portCount
            + " port(s); no port index " + portIndex));
        continue;
      }
      Duration interval = seconds(c, at, "intervalSeconds", 60, problems);
      Duration timeout = seconds(c, at, "timeoutSeconds", 20, problems);
      if (interval.isZero()) {
        problems.add(new Problem(at + "/intervalSeconds", "must be more than 0"));
      }
      if (timeout.isZero()) {
        problems.add(new Problem(at + "/timeoutSeconds", "must be more than 0"));
      }
      int failures = c.path("maxConsecutiveFailures").asInt(3);
      if (failures < 0) {
        problems.add(new Problem(at + "/maxConsecutiveFailures", "must be at least 0, not "
            + failures));
      }
      checks.add(new HealthCheckSpec(protocol, c.path("path").asText("/"), portIndex, port,
          seconds(c, at, "gracePeriodSeconds", 300, problems), interval, timeout, failures,
          seconds(c, at, "delaySeconds", 15, problems), c.path("ignoreHttp1xx").asBoolean(false)));
    }
    return checks;
  }

  private static Duration seconds(JsonNode c, String at, String field, long dflt,
      List<Problem> problems) {
    JsonNode n = c.get(field);
    if (n == null || n.isNull()) {
      return Duration.ofSeconds(dflt);
    }
    if (!n.isNumber() || n.asDouble() < 0) {
      problems.add(new Problem(at + "/" + field, "must be a number of seconds, at least 0, not "
          + n));
      return Duration.ofSeconds(dflt);
    }
    return Duration.ofMillis((long) (n.asDouble() * 1000));
  }
}
