package io.kafkamesos.local.master;

import io.kafkamesos.local.proto.Roles;
import io.kafkamesos.local.proto.Statuses;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** The checks Mesos makes of a scheduler call before looking at any state; messages are Mesos'. */
public final class CallValidation {

  private CallValidation() {
  }

  /** Mesos' words when the authenticated principal is not the framework's. */
  static String principalMismatch(String authenticated, String framework) {
    return "Authenticated principal '" + authenticated + "' does not match principal '"
        + framework + "' set in `FrameworkInfo`";
  }

  /** Why the call is invalid (to follow "Failed to validate scheduler::Call: "), if it is. */
  public static Optional<String> validate(Call call) {
    return validate(call, Optional.empty());
  }

  /**
   * As {@link #validate(Call)}, for a request authenticated as {@code principal}: a SUBSCRIBE
   * may not name another principal in its FrameworkInfo (validation.cpp).
   */
  public static Optional<String> validate(Call call, Optional<String> principal) {
    if (!call.isInitialized()) {
      return Optional.of("Not initialized: " + String.join(", ", call.findInitializationErrors()));
    }
    if (!call.hasType()) {
      return Optional.of("Expecting 'type' to be present");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (!call.hasSubscribe()) {
        return Optional.of("Expecting 'subscribe' to be present");
      }
      String infoId = call.getSubscribe().getFrameworkInfo().getId().getValue();
      if (!infoId.equals(call.getFrameworkId().getValue())) {
        return Optional.of("'framework_id' differs from 'subscribe.framework_info.id'");
      }
      FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
      if (principal.isPresent() && info.hasPrincipal()
          && !principal.get().equals(info.getPrincipal())) {
        return Optional.of(principalMismatch(principal.get(), info.getPrincipal()));
      }
      return Optional.empty();
    }
    if (!call.hasFrameworkId()) {
      return Optional.of("Expecting 'framework_id' to be present");
    }
    return switch (call.getType()) {
      case ACCEPT -> require(call.hasAccept(), "accept");
      case DECLINE -> require(call.hasDecline(), "decline");
      case ACCEPT_INVERSE_OFFERS -> require(call.hasAcceptInverseOffers(), "accept_inverse_offers");
      case DECLINE_INVERSE_OFFERS ->
          require(call.hasDeclineInverseOffers(), "decline_inverse_offers");
      case KILL -> require(call.hasKill(), "kill");
      case SHUTDOWN -> require(call.hasShutdown(), "shutdown");
      case ACKNOWLEDGE -> {
        if (!call.hasAcknowledge()) {
          yield require(false, "acknowledge");
        }
        yield Statuses.isUuid(call.getAcknowledge().getUuid()) ? Optional.empty()
            : Optional.of("Not a valid UUID");
      }
      case ACKNOWLEDGE_OPERATION_STATUS -> {
        if (!call.hasAcknowledgeOperationStatus()) {
          yield require(false, "acknowledge_operation_status");
        }
        if (!Statuses.isUuid(call.getAcknowledgeOperationStatus().getUuid())) {
          yield Optional.of("Not a valid UUID");
        }
        yield call.getAcknowledgeOperationStatus().hasAgentId() ? Optional.empty()
            : Optional.of("Expecting 'agent_id' to be present");
      }
      case RECONCILE -> require(call.hasReconcile(), "reconcile");
      case RECONCILE_OPERATIONS -> require(call.hasReconcileOperations(), "reconcile_operations");
      case MESSAGE -> require(call.hasMessage(), "message");
      case REQUEST -> require(call.hasRequest(), "request");
      case UPDATE_FRAMEWORK -> {
        if (!call.hasUpdateFramework()) {
          yield require(false, "update_framework");
        }
        yield call.getFrameworkId().getValue().equals(
            call.getUpdateFramework().getFrameworkInfo().getId().getValue()) ? Optional.empty()
            : Optional.of("'framework_id' differs from 'update_framework.framework_info.id'");
      }
      default -> Optional.empty();
    };
  }

  private static Optional<String> require(boolean present, String field) {
    return present ? Optional.empty() : Optional.of("Expecting '" + field + "' to be present");
  }

  /** Mesos' FrameworkInfo checks at SUBSCRIBE (roles, id, failover timeout). */
  public static Optional<String> validateFramework(FrameworkInfo info) {
    boolean multiRole = Roles.multiRole(info);
    if (multiRole && info.hasRole()) {
      return Optional.of("'FrameworkInfo.role' must not be set when the"
          + " framework is MULTI_ROLE capable");
    }
    if (!multiRole && info.getRolesCount() > 0) {
      return Optional.of("'FrameworkInfo.roles' must not be set when the"
          + " framework is not MULTI_ROLE capable");
    }
    if (multiRole) {
      Set<String> seen = new HashSet<>();
      Set<String> duplicates = new LinkedHashSet<>();
      for (String role : info.getRolesList()) {
        if (!seen.add(role)) {
          duplicates.add(role);
        }
      }
      if (!duplicates.isEmpty()) {
        return Optional.of("'FrameworkInfo.roles' contains duplicate items: "
            + duplicates.stream().collect(Collectors.joining(", ", "{ ", " }")));
      }
      for (String role : info.getRolesList()) {
        Optional<String> error = Roles.validate(role);
        if (error.isPresent()) {
          return Optional.of("'FrameworkInfo.roles' contains invalid role: " + error.get());
        }
      }
    } else {
      Optional<String> error = Roles.validate(info.getRole());
      if (error.isPresent()) {
        return Optional.of("'FrameworkInfo.role' is not a valid role: " + error.get());
      }
    }
    if (info.hasId() && !info.getId().getValue().isEmpty()) {
      Optional<String> error = Roles.validateId(info.getId().getValue());
      if (error.isPresent()) {
        return error;
      }
    }
    double failover = info.getFailoverTimeout();
    if (Double.isNaN(failover) || Double.isInfinite(failover)
        || Math.abs(failover) * 1e9 >= Long.MAX_VALUE) {
      return Optional.of("The framework failover_timeout (" + failover + ") is invalid");
    }
    return Optional.empty();
  }
}
