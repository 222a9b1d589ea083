package io.kafkamesos.scheduler.plan;

/**
 * What a task status means for a broker: its new record (the same record when nothing changed)
 * and whether the reported task must be killed (a task the broker no longer owns that still runs).
 */
public record StatusOutcome(io.kafkamesos.scheduler.state.BrokerRecord record, boolean killTask) {
}
