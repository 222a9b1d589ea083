package io.kafkamesos.scheduler.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a token or user of the maintenance API may do. */
public enum ApiRole {
  /** Everything. */
  ADMIN,
  /** Reads only: GET, HEAD and OPTIONS. */
  READ;

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  public boolean allows(String method) {
    return this == ADMIN || READ_METHODS.contains(method.toUpperCase(Locale.ROOT));
  }

  static Optional<ApiRole> parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "admin" -> Optional.of(ADMIN);
      case "read" -> Optional.of(READ);
      default -> Optional.empty();
    };
  }
}
