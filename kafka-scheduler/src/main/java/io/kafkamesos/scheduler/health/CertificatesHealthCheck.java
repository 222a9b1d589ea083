package io.kafkamesos.scheduler.health;

import com.codahale.metrics.health.HealthCheck;
import io.kafkamesos.scheduler.security.CertificateWatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The nodes' certificates as the latest hourly check read them ({@link CertificateWatch#last}; the
 * health check itself reads nothing from the nodes). An error when a node serves an expired
 * certificate, or one that is due and that a restart would not renew (the reason says what is
 * needed); a warning while due nodes restart for new ones or a node could not be read; healthy
 * otherwise, with the earliest end.
 */
public final class CertificatesHealthCheck extends HealthCheck {

  private final CertificateWatch watch;
  private final Clock clock;

  public CertificatesHealthCheck(CertificateWatch watch, Clock clock) {
    this.watch = Objects.requireNonNull(watch);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  protected Result check() {
    Optional<CertificateWatch.Report> last = watch.last();
    if (last.isEmpty()) {
      return Severity.HEALTHY.result("the nodes' certificates are not checked yet (the first check runs "
          + CertificateWatch.FIRST_CHECK.toMinutes() + " minutes after the leader starts)");
    }
    Instant now = clock.instant();
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (CertificateWatch.Reading r : last.get().readings()) {
      String node = r.node().name();
      if (r.error() != null) {
        warnings.add(node + ": " + r.error());
      } else if (!now.isBefore(r.notAfter())) {
        errors.add(node + ": its certificate expired at " + r.notAfter()
            + (r.renewing() ? " (it restarts for a new one)" : ""));
      } else if (r.renewal() != null) {
        (r.renewing() ? warnings : errors).add(node + ": " + r.renewal()
            + (r.renewing() ? " (it restarts in the rolling way for a new one)" : ""));
      }
    }
    String checked = " (checked at " + last.get().checkedAt() + ")";
    if (!errors.isEmpty()) {
      errors.addAll(warnings);
      return Severity.ERROR.result(String.join("; ", errors) + checked);
    }
    if (!warnings.isEmpty()) {
      return Severity.WARNING.result(String.join("; ", warnings) + checked);
    }
    return last.get().readings().stream().filter(r -> r.notAfter() != null)
        .min(Comparator.comparing(CertificateWatch.Reading::notAfter))
        .map(r -> Severity.HEALTHY.result(last.get().readings().size() + " node(s) serve valid certificates;"
            + " the first to end is " + r.node().name() + "'s, at " + r.notAfter() + checked))
        .orElseGet(() -> Severity.HEALTHY.result("no node serves TLS yet" + checked));
  }
}
