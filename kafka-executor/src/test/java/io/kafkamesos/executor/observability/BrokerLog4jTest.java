package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.ObservabilitySettings;

class BrokerLog4jTest {

  private static final String BASE = """
      # the distribution's
      log4j.rootLogger=INFO, stdout
      log4j.appender.stdout=org.apache.log4j.ConsoleAppender
      log4j.logger.kafka.request.logger=WARN
      """;

  @Test
  void addsASyslogAppenderNamingFrameworkBrokerAndTask() throws Exception {
    String text = BrokerLog4j.render(BASE, new ObservabilitySettings.Syslog("127.0.0.1", 5514,
        "LOCAL1"), "kafka0", 2, "broker-2__abc");
    Properties p = new Properties();
    p.load(new StringReader(text));

    assertThat(p.getProperty("log4j.rootLogger")).isEqualTo("INFO, stdout, syslog");
    assertThat(p.getProperty("log4j.appender.stdout")).isEqualTo("org.apache.log4j.ConsoleAppender");
    assertThat(p.getProperty("log4j.appender.syslog")).isEqualTo("org.apache.log4j.net.SyslogAppender");
    assertThat(p.getProperty("log4j.appender.syslog.syslogHost")).isEqualTo("127.0.0.1:5514");
    assertThat(p.getProperty("log4j.appender.syslog.facility")).isEqualTo("LOCAL1");
    assertThat(p.getProperty("log4j.appender.syslog.layout.ConversionPattern"))
        .startsWith("kafka-broker: framework=kafka0 broker=2 task=broker-2__abc %p %m");
    assertThat(p.getProperty("log4j.logger.kafka.request.logger")).isEqualTo("WARN");
  }

  @Test
  void aConfigurationWithoutRootLoggerGetsOne() throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(BrokerLog4j.render("", new ObservabilitySettings.Syslog("h", 514,
        "USER"), "f", 0, "t")));
    assertThat(p.getProperty("log4j.rootLogger")).isEqualTo("INFO, syslog");
  }
}
