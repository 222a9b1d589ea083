package io.kafkamesos.scheduler.offer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;

/**
 * What to do with one offer: accept it with {@code operations} (placing {@code placements}), or
 * decline it for {@code declineReason}. Brokers that wanted the offer but could not have it are in
 * {@code unplaced} with the reason.
 */
public record OfferDecision(
    OfferID offerId,
    String hostname,
    List<Offer.Operation> operations,
    List<Placement> placements,
    Map<Integer, String> unplaced,
    String declineReason) {

  public OfferDecision {
    Objects.requireNonNull(offerId);
    operations = List.copyOf(operations);
    placements = List.copyOf(placements);
    unplaced = Map.copyOf(unplaced);
  }

  public boolean accepts() {
    return !operations.isEmpty();
  }

  static OfferDecision decline(Offer offer, String reason, Map<Integer, String> unplaced) {
    return new OfferDecision(offer.getId(), offer.getHostname(), List.of(), List.of(), unplaced, reason);
  }
}
