package io.kafkamesos.executor.observability;

import java.util.ArrayList;
import java.util.List;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * The broker's log4j 1.2 configuration with a syslog appender added: the distribution's own
 * configuration (console to the sandbox) plus {@code org.apache.log4j.net.SyslogAppender}, whose
 * lines name the framework, the broker and the task. Pure: text in, text out.
 */
public final class BrokerLog4j {

  /** The file the executor writes into the sandbox when syslog is configured. */
  public static final String FILE_NAME = "broker-log4j.properties";

  private BrokerLog4j() {
  }

  /**
   * @param base the distribution's {@code config/log4j.properties}
   * @param target the syslog server
   * @param framework the framework's name
   * @param brokerId the broker's id
   * @param taskId the broker's task id
   */
  public static String render(String base, ObservabilitySettings.Syslog target, String framework,
      int brokerId, String taskId) {
    List<String> out = new ArrayList<>();
    boolean rootFound = false;
    for (String line : base.split("\\R")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("log4j.rootLogger")) {
        out.add(line.stripTrailing() + ", syslog");
        rootFound = true;
      } else {
        out.add(line);
      }
    }
    if (!rootFound) {
      out.add("log4j.rootLogger=INFO, syslog");
    }
    out.add("");
    out.add("# Added by kafka-executor: the broker's log also goes to " + target.host() + ":"
        + target.port() + " (UDP syslog).");
    out.add("log4j.appender.syslog=org.apache.log4j.net.SyslogAppender");
    out.add("log4j.appender.syslog.syslogHost=" + target.host() + ":" + target.port());
    out.add("log4j.appender.syslog.facility=" + target.facility());
    out.add("log4j.appender.syslog.header=true");
    out.add("log4j.appender.syslog.layout=org.apache.log4j.PatternLayout");
    out.add("log4j.appender.syslog.layout.ConversionPattern=kafka-broker: framework=" + framework
        + " broker=" + brokerId + " task=" + taskId + " %p %m (%c)");
    return String.join("\n", out) + "\n";
  }
}
