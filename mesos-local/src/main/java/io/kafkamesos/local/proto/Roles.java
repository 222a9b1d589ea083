package io.kafkamesos.local.proto;

import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** Role rules of Mesos: a framework's roles and what makes a role name valid. */
public final class Roles {

  private Roles() {
  }

  public static boolean multiRole(FrameworkInfo info) {
    return hasCapability(info, FrameworkInfo.Capability.Type.MULTI_ROLE);
  }

  public static boolean hasCapability(FrameworkInfo info, FrameworkInfo.Capability.Type type) {
    return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
  }

  /** The roles a framework subscribes with: {@code roles} if MULTI_ROLE, else {@code role}. */
  public static List<String> of(FrameworkInfo info) {
    return multiRole(info) ? List.copyOf(info.getRolesList()) : List.of(info.getRole());
  }

  /** Why a role name is invalid, in Mesos' words; empty when valid ({@code *} is valid). */
  public static Optional<String> validate(String role) {
    if (role.equals("*")) {
      return Optional.empty();
    }
    if (role.startsWith("/")) {
      return Optional.of("Role '" + role + "' cannot start with a slash");
    }
    if (role.endsWith("/")) {
      return Optional.of("Role '" + role + "' cannot end with a slash");
    }
    if (role.contains("//")) {
      return Optional.of("Role '" + role + "' cannot contain two adjacent slashes");
    }
    if (role.isEmpty()) {
      return Optional.of("Role names cannot be the empty string");
    }
    for (String component : role.split("/")) {
      if (component.equals(".") || component.equals("..") || component.equals("*")) {
        return Optional.of("Role '" + role + "' cannot include '" + component
            + "' as a component");
      }
      if (component.startsWith("-")) {
        return Optional.of("Role component '" + component + "' is invalid "
            + "because it starts with a dash");
      }
      if (component.chars().anyMatch(c -> c == '\b' || Character.isWhitespace(c))) {
        return Optional.of("Role component '" + component + "' is invalid "
            + "because it contains backspace or whitespace");
      }
    }
    return Optional.empty();
  }

  /** Mesos' ID rule for task, executor, framework and persistence ids. */
  public static Optional<String> validateId(String id) {
    if (id.isEmpty()) {
      return Optional.of("ID must not be empty");
    }
    if (id.length() > 255) {
      return Optional.of("ID must not be greater than 255 characters");
    }
    if (id.equals(".") || id.equals("..")) {
      return Optional.of("'" + id + "' is disallowed");
    }
    if (id.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
      return Optional.of("'" + id + "' contains invalid characters");
    }
    return Optional.empty();
  }
}
