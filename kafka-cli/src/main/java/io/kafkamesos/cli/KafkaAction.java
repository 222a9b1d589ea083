package io.kafkamesos.cli;

/**
 * What a {@code dcos kafka} command asks for, built from its words without any I/O (see
 * {@link ApiRequest}); {@link DcosKafka} then carries it out against the cluster.
 */
interface KafkaAction {

    /** Carries it out; the exit status. */
    int run(KafkaApi api);
}
