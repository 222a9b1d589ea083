package io.kafkamesos.scheduler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.SyslogAppenderFactory;
import io.kafkamesos.scheduler.SchedulerConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code config/scheduler.yml} as Dropwizard reads it, with and without a syslog server. */
class SchedulerYamlTest {

  private static SyslogAppenderFactory syslog(Map<String, String> env) throws Exception {
    byte[] yaml = Files.readAllBytes(Path.of("../config/scheduler.yml"));
    var factory = new YamlConfigurationFactory<>(SchedulerConfiguration.class,
        Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    SchedulerConfiguration config = factory.build(new SubstitutingSourceProvider(
        path -> new ByteArrayInputStream(yaml), ConfigLookup.substitutor(env)), "scheduler.yml");
    for (AppenderFactory<?> appender
        : ((DefaultLoggingFactory) config.getLoggingFactory()).getAppenders()) {
      if (appender instanceof SyslogAppenderFactory s) {
        return s;
      }
    }
    throw new AssertionError("scheduler.yml declares no syslog appender");
  }

  @Test
  void syslogIsOffWithoutAHost() throws Exception {
    assertThat(syslog(Map.of()).getThreshold()).isEqualTo("OFF");
  }

  @Test
  void syslogTakesHostPortFacilityAndFramework() throws Exception {
    SyslogAppenderFactory s = syslog(Map.of("SYSLOG_HOST", "logs.example", "SYSLOG_PORT", "1514",
        "SYSLOG_FACILITY", "LOCAL5", "FRAMEWORK_NAME", "kafka9"));
    assertThat(s.getThreshold()).isEqualTo("ALL");
    assertThat(s.getHost()).isEqualTo("logs.example");
    assertThat(s.getPort()).isEqualTo(1514);
    assertThat(s.getFacility()).isEqualTo(SyslogAppenderFactory.Facility.LOCAL5);
    assertThat(s.getLogFormat()).startsWith("kafka-scheduler: framework=kafka9 ");
  }
}
