package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.Resources;
import java.time.Instant;

/**
 * Resources a framework refused on an agent until {@code expiry}: offers of no more than these
 * (a subset) are not made to it again; more resources, or REVIVE, lift the filter.
 */
public record OfferFilter(Resources refused, Instant expiry) {

  public boolean filters(Resources candidate, Instant now) {
    return now.isBefore(expiry) && refused.contains(candidate);
  }
}
