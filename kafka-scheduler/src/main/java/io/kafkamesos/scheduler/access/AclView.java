package io.kafkamesos.scheduler.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import org.apache.kafka.common.acl.AclBinding;

/**
 * One ACL binding as the API answers it, every value spelled as the query parameters of
 * {@code /v1/acls} take it, so that a binding's fields given back as parameters select exactly it:
 * {@code {"principal":"User:alice","resource_type":"topic","resource_name":"orders",
 * "pattern_type":"LITERAL","operation":"read","permission":"ALLOW","host":"*"}}.
 */
public record AclView(
    String principal,
    @JsonProperty("resource_type") String resourceType,
    @JsonProperty("resource_name") String resourceName,
    @JsonProperty("pattern_type") String patternType,
    String operation,
    String permission,
    String host) {

  /** The order the API lists bindings in: by resource, then principal, operation, permission, host. */
  public static final Comparator<AclView> ORDER = Comparator.comparing(AclView::resourceType)
      .thenComparing(AclView::resourceName).thenComparing(AclView::patternType)
      .thenComparing(AclView::principal).thenComparing(AclView::operation)
      .thenComparing(AclView::permission).thenComparing(AclView::host);

  public static AclView of(AclBinding binding) {
    return new AclView(binding.entry().principal(), AclNames.name(binding.pattern().resourceType()),
        binding.pattern().name(), binding.pattern().patternType().name(),
        AclNames.name(binding.entry().operation()), binding.entry().permissionType().name(),
        binding.entry().host());
  }
}
