package io.kafkamesos.local.master;

import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.Offer;

/** An outstanding offer: what the framework was sent, and its rescind timer. */
final class OfferRecord {

  final Offer offer;
  final String role;
  /** Allocated, in the refinement format, whatever format the framework was sent. */
  final io.kafkamesos.commons.mesos.resources.Resources resources;
  ScheduledFuture<?> timeout;

  OfferRecord(Offer offer, String role, io.kafkamesos.commons.mesos.resources.Resources resources) {
    this.offer = offer;
    this.role = role;
    this.resources = resources;
  }

  String id() {
    return offer.getId().getValue();
  }

  String frameworkId() {
    return offer.getFrameworkId().getValue();
  }

  String agentId() {
    return offer.getAgentId().getValue();
  }
}
