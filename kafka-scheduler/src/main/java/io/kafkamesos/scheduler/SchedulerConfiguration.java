package io.kafkamesos.scheduler;

import io.dropwizard.core.Configuration;

/**
 * The Dropwizard part of the configuration (ports, logging) from {@code config/scheduler.yml}; what
 * the framework does comes from the environment ({@link io.kafkamesos.scheduler.settings.SettingsParser}).
 */
public class SchedulerConfiguration extends Configuration {
}
