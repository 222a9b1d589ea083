/**
 * Issue 4 end to end: every example of the seed README's "Cluster Maintenance APIs" section, as an
 * HTTP call and as {@code bin/dcos kafka ...}, and every refusal, against one live three-broker
 * cluster shared by the classes of a run ({@link io.kafkamesos.it.api.ApiClusterExtension}).
 * {@code mvn -B -pl integration-tests verify -Dit.test='io/kafkamesos/it/api/*IT'}
 */
package io.kafkamesos.it.api;
