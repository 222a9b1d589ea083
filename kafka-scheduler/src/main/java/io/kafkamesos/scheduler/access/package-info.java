/**
 * Who may do what in Kafka, managed through Kafka's admin client: SCRAM users
 * ({@code describeUserScramCredentials} / {@code alterUserScramCredentials}) and ACLs
 * ({@code createAcls} / {@code describeAcls} / {@code deleteAcls}). Requests are checked by pure
 * functions ({@link io.kafkamesos.scheduler.access.UserRequests},
 * {@link io.kafkamesos.scheduler.access.AclRequests}) before anything reaches Kafka; failures are
 * {@link io.kafkamesos.scheduler.access.AccessException}s with their HTTP meaning. Passwords are
 * never logged, never kept and never shown again after the answer that generated one.
 */
package io.kafkamesos.scheduler.access;
