package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.security.ClusterCaService;
import java.util.Objects;

/**
 * The cluster CA: healthy when TLS is off or the CA is ready (the message says until when it is
 * valid); an error while a cluster with TLS has no usable CA (the reason is the CA service's:
 * ZooKeeper not answering, the wrong {@code ZK_SECRET}, the operator's files unreadable).
 */
public final class ClusterCaHealthCheck extends HealthCheck {

  private final ClusterCaService ca;

  public ClusterCaHealthCheck(ClusterCaService ca) {
    this.ca = Objects.requireNonNull(ca);
  }

  @Override
  protected Result check() {
    ClusterCaService.State state = ca.state();
    if (state instanceof ClusterCaService.State.Off) {
      return Severity.HEALTHY.result("TLS is off: no cluster CA");
    }
    if (state instanceof ClusterCaService.State.Ready ready) {
      return Severity.HEALTHY.result("the cluster CA (" + ready.ca().origin().name().toLowerCase(
          java.util.Locale.ROOT) + ") is valid until " + ready.ca().notAfter());
    }
    return Severity.ERROR.result("the cluster CA is not available: "
        + ((ClusterCaService.State.Pending) state).reason());
  }
}
