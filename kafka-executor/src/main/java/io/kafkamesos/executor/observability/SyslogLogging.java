package io.kafkamesos.executor.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import java.util.Objects;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * Adds a syslog appender (UDP) to the executor's logback root logger. Every line names the framework,
 * the broker and the task from the context properties the executor sets.
 */
public final class SyslogLogging {

  /** The suffix after syslog's own {@code <PRI>timestamp host} header. */
  public static final String SUFFIX = "kafka-executor: framework=%property{framework} "
      + "broker=%property{broker} task=%property{task} %-5level [%thread] %logger{0} - %msg";

  private SyslogLogging() {
  }

  /** Starts the appender and attaches it to the root logger; answers it (to stop it in tests). */
  public static SyslogAppender install(LoggerContext context, ObservabilitySettings.Syslog target) {
    Objects.requireNonNull(context);
    SyslogAppender appender = new SyslogAppender();
    appender.setContext(context);
    appender.setName("SYSLOG");
    appender.setSyslogHost(target.host());
    appender.setPort(target.port());
    appender.setFacility(target.facility());
    appender.setSuffixPattern(SUFFIX);
    appender.setThrowableExcluded(false);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }
}
