package io.kafkamesos.executor.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import io.kafkamesos.commons.observability.UdpListener;
import io.kafkamesos.commons.observability.ObservabilitySettings;

class SyslogLoggingTest {

  @Test
  void linesReachARealSyslogServerWithFrameworkBrokerAndTask() throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("framework", "kafka7");
    context.putProperty("broker", "4");
    context.putProperty("task", "broker-4__xyz");
    try (UdpListener server = new UdpListener()) {
      SyslogAppender appender = SyslogLogging.install(context,
          new ObservabilitySettings.Syslog("127.0.0.1", server.port(), "LOCAL2"));
      try {
        context.getLogger("io.kafkamesos.executor.Test").warn("broker {} is slow", 4);
        String line = server.await(d -> d.contains("is slow"), Duration.ofSeconds(10));
        // LOCAL2 (18) * 8 + WARNING (4) = 148
        assertThat(line).startsWith("<148>").contains(
            "kafka-executor: framework=kafka7 broker=4 task=broker-4__xyz WARN")
            .endsWith("Test - broker 4 is slow");
      } finally {
        appender.stop();
        context.stop();
      }
    }
  }
}
