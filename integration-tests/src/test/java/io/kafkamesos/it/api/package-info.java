/**
 * Issue 4 end to end: every example of the seed README's "Cluster Maintenance APIs" section, as an
 * HTTP call and as {@code bin/dcos kafka ...}, and every refusal, against one live three-broker
 * cluster shared by the classes of a run ({@link io.kafkamesos.it.api.ApiClusterExtension}).
 * That cluster runs the catalogue's default Kafka, 3.9.1; the same endpoints on 2.4.1, compared
 * field by field with 3.9.1, are {@code io.kafkamesos.it.versions.KafkaVersionsIT}'s (one cluster of
 * each, so the suite does not run twice).
 * {@code mvn -B -pl integration-tests verify -Dit.test='io/kafkamesos/it/api/*IT'}
 */
package io.kafkamesos.it.api;
