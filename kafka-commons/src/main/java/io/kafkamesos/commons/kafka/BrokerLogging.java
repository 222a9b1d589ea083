package io.kafkamesos.commons.kafka;

/**
 * How a Kafka version's broker logs, and so which file in the distribution's {@code config/} it
 * reads and through which system property.
 */
public enum BrokerLogging {
  /** log4j 1.2 (Kafka 2.4) or its drop-in reload4j (Kafka 3.x): {@code config/log4j.properties}. */
  LOG4J("log4j.properties", "-Dlog4j.configuration=file:"),
  /** log4j 2 (Kafka 4.x): {@code config/log4j2.yaml}. */
  LOG4J2("log4j2.yaml", "-Dlog4j2.configurationFile=");

  private final String configFile;
  private final String optionPrefix;

  BrokerLogging(String configFile, String optionPrefix) {
    this.configFile = configFile;
    this.optionPrefix = optionPrefix;
  }

  /** The file name in the distribution's {@code config/}. */
  public String configFile() {
    return configFile;
  }

  /** The JVM option that points the broker at {@code file}. */
  public String option(String file) {
    return optionPrefix + file;
  }

  /** Whether {@code argument} is this logging's option (whatever file it names). */
  public boolean isOption(String argument) {
    return argument.startsWith(optionPrefix);
  }
}
