package io.kafkamesos.scheduler.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's ACLs, through Kafka's admin client: listed, added and removed with the bindings
 * and filters {@link AclRequests} makes of a request. Every answer is the bindings concerned, in
 * {@link AclView#ORDER}. A cluster whose brokers run without an authorizer keeps no ACLs: 503 with
 * the reason.
 */
public final class AclService {

  private static final Logger LOG = LoggerFactory.getLogger(AclService.class);

  /** {@code {"acls": [...]}}. */
  public record Acls(List<AclView> acls) {
    public Acls {
      acls = List.copyOf(acls);
    }
  }

  private final KafkaAdminAccess kafka;
  private final BooleanSupplier authorizationInTarget;

  /** @param authorizationInTarget whether the target in force has {@code AUTHORIZATION_ENABLED} */
  public AclService(KafkaAdminAccess kafka, BooleanSupplier authorizationInTarget) {
    this.kafka = Objects.requireNonNull(kafka);
    this.authorizationInTarget = Objects.requireNonNull(authorizationInTarget);
  }

  /** The bindings that match the request's parameters (every binding without parameters). */
  public Acls list(Map<String, List<String>> query) {
    List<AclBindingFilter> filters = AclRequests.filters(query, false);
    Set<AclBinding> found = new LinkedHashSet<>();
    for (AclBindingFilter filter : filters) {
      found.addAll(call(() -> kafka.call(admin -> admin.describeAcls(filter).values(), "listing ACLs")));
    }
    return acls(found);
  }

  /** Adds the request's bindings (those that exist already stay as they are); answers them all. */
  public Acls add(Map<String, List<String>> query) {
    List<AclBinding> bindings = AclRequests.bindings(query);
    call(() -> kafka.call(admin -> admin.createAcls(bindings).all(), "adding ACLs"));
    Acls added = acls(bindings);
    added.acls().forEach(acl -> LOG.info("ACL added: {}", acl));
    return added;
  }

  /** Removes the bindings that match the request's parameters; answers those removed. */
  public Acls remove(Map<String, List<String>> query) {
    List<AclBindingFilter> filters = AclRequests.filters(query, true);
    Collection<AclBinding> removed = call(() -> kafka.call(admin -> admin.deleteAcls(filters).all(),
        "removing ACLs"));
    Acls answer = acls(removed);
    answer.acls().forEach(acl -> LOG.info("ACL removed: {}", acl));
    return answer;
  }

  private <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (AccessException e) {
      if (e.getCause() instanceof SecurityDisabledException && authorizationInTarget.getAsBoolean()) {
        throw new AccessException(AccessException.Kind.UNAVAILABLE, "authorization is off:"
            + " AUTHORIZATION_ENABLED is set, but the brokers do not run the ACL authorizer yet"
            + " (switching it on in the brokers is not built yet; see docs/security.md)", e.getCause());
      }
      throw e;
    }
  }

  private static Acls acls(Collection<AclBinding> bindings) {
    List<AclView> views = new ArrayList<>(new LinkedHashSet<>(bindings.stream().map(AclView::of).toList()));
    views.sort(AclView.ORDER);
    return new Acls(views);
  }
}
