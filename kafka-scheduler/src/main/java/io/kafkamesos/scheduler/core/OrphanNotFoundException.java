package io.kafkamesos.scheduler.core;

/** No orphan reservation has this id (HTTP 404). */
public final class OrphanNotFoundException extends RuntimeException {
  public OrphanNotFoundException(String id) {
    super("no orphan reservation " + id + ": GET /v1/reservations/orphans lists them");
  }
}
