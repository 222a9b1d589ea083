package io.kafkamesos.scheduler.core;

/**
 * A reservation labelled with this cluster that an offer carried but no broker record owns. It is
 * kept (it may hold a broker's data) until an operator deletes it.
 *
 * @param id the id {@code DELETE /v1/reservations/{id}} takes: the volume id, else {@code agent:broker}
 * @param agentId the agent holding it
 * @param hostname the agent's host
 * @param brokerId the broker its labels name
 * @param volumeId its persistent volume, or null
 * @param firstSeen when an offer first carried it (ISO-8601)
 */
public record Orphan(String id, String agentId, String hostname, int brokerId, String volumeId,
    String firstSeen) {
}
