package io.kafkamesos.scheduler.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ScramMechanism;

/**
 * The checks of {@code /v1/users} requests, before anything reaches Kafka. Pure. A refusal names
 * the field and what it must be, and never echoes a password.
 *
 * <p>The body of {@code POST /v1/users/{name}} is JSON, every field optional:
 * {@code {"password": "...", "mechanism": "SCRAM-SHA-512", "iterations": 4096}}. A password never
 * goes in the URL: request lines are logged.
 */
public final class UserRequests {

  public static final ScramMechanism DEFAULT_MECHANISM = ScramMechanism.SCRAM_SHA_512;
  public static final int DEFAULT_ITERATIONS = 4096;
  /** Kafka's bounds: fewer is refused by the SCRAM mechanisms, more by the brokers. */
  public static final int MIN_ITERATIONS = 4096;
  public static final int MAX_ITERATIONS = 16384;
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 1024;
  /** Length of a generated password: 32 of 62 characters, about 190 bits. */
  static final int GENERATED_LENGTH = 32;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Set<String> FIELDS = Set.of("password", "mechanism", "iterations");
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private UserRequests() {
  }

  /**
   * What to store for a user.
   *
   * @param password the password, or empty to have one generated
   */
  public record UserRequest(Optional<String> password, ScramMechanism mechanism, int iterations) {
    public UserRequest {
      Objects.requireNonNull(password);
      Objects.requireNonNull(mechanism);
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "UserRequest[" + mechanism.mechanismName() + ", " + iterations + " iterations, password "
          + (password.isPresent() ? "given" : "generated") + "]";
    }
  }

  /** A user name as SCRAM credentials take it. */
  public static String name(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw AccessException.badRequest("invalid name" + (name == null ? "" : " \"" + printable(name) + "\"")
          + ": a user name is 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit");
    }
    return name;
  }

  /** A mechanism as Kafka names it ({@code SCRAM-SHA-512}, {@code SCRAM-SHA-256}), any case. */
  public static ScramMechanism mechanism(String text) {
    for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
      if (mechanism.mechanismName().equalsIgnoreCase(text.strip())) {
        return mechanism;
      }
    }
    throw AccessException.badRequest("invalid mechanism \"" + printable(text) + "\": must be"
        + " SCRAM-SHA-512 or SCRAM-SHA-256");
  }

  /**
   * The certificate request of {@code POST /v1/users/{name}/certificate}: the body itself (PEM),
   * or, for a JSON body ({@code json}), its one field {@code csr}.
   */
  public static String certificateRequest(String body, boolean json) {
    if (!json) {
      return body;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      tree = null;
    }
    JsonNode csr = tree != null && tree.isObject() && tree.size() == 1 ? tree.get("csr") : null;
    if (csr == null || !csr.isTextual()) {
      throw AccessException.badRequest("a JSON body must be {\"csr\": \"-----BEGIN CERTIFICATE"
          + " REQUEST-----...\"}; or send the PEM request itself as the body");
    }
    return csr.asText();
  }

  /**
   * The body of a create request ("" or blank: every default and a generated password).
   *
   * @throws AccessException naming the field that cannot be used
   */
  public static UserRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return new UserRequest(Optional.empty(), DEFAULT_MECHANISM, DEFAULT_ITERATIONS);
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw AccessException.badRequest("the body is not JSON; send {\"password\": \"...\","
          + " \"mechanism\": \"SCRAM-SHA-512\", \"iterations\": 4096} (every field optional)");
    }
    if (json == null || !json.isObject()) {
      throw AccessException.badRequest("the body must be a JSON object: {\"password\": \"...\","
          + " \"mechanism\": \"SCRAM-SHA-512\", \"iterations\": 4096} (every field optional)");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        unknown.add(printable(field));
      }
    }
    if (!unknown.isEmpty()) {
      throw AccessException.badRequest("unknown field(s) " + unknown + " in the body; the fields are"
          + " password, mechanism and iterations");
    }
    Optional<String> password = Optional.empty();
    JsonNode given = json.get("password");
    if (given != null && !given.isNull()) {
      if (!given.isTextual()) {
        throw AccessException.badRequest("invalid password: must be a JSON string");
      }
      password = Optional.of(password(given.asText()));
    }
    ScramMechanism mechanism = DEFAULT_MECHANISM;
    JsonNode mechanismField = json.get("mechanism");
    if (mechanismField != null && !mechanismField.isNull()) {
      if (!mechanismField.isTextual()) {
        throw AccessException.badRequest("invalid mechanism: must be \"SCRAM-SHA-512\" or \"SCRAM-SHA-256\"");
      }
      mechanism = mechanism(mechanismField.asText());
    }
    int iterations = DEFAULT_ITERATIONS;
    JsonNode iterationsField = json.get("iterations");
    if (iterationsField != null && !iterationsField.isNull()) {
      if (!iterationsField.isIntegralNumber() || !iterationsField.canConvertToInt()
          || iterationsField.asInt() < MIN_ITERATIONS || iterationsField.asInt() > MAX_ITERATIONS) {
        throw AccessException.badRequest("invalid iterations " + printable(iterationsField.toString())
            + ": must be a whole number from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
      }
      iterations = iterationsField.asInt();
    }
    return new UserRequest(password, mechanism, iterations);
  }

  /** Refuses query parameters a request does not take; a password there is refused by name. */
  public static void checkQuery(Map<String, List<String>> query, Set<String> allowed) {
    for (String parameter : query.keySet()) {
      if (parameter.toLowerCase(Locale.ROOT).equals("password")) {
        throw AccessException.badRequest("password must not be in the URL, where it would be logged:"
            + " send it in the JSON body, {\"password\": \"...\"}");
      }
      if (!allowed.contains(parameter)) {
        throw AccessException.badRequest("unknown parameter \"" + printable(parameter) + "\""
            + (allowed.isEmpty() ? ": this request takes none" : "; it takes " + String.join(", ", allowed)));
      }
    }
  }

  /** {@code ?update=true|false}; absent is false. */
  public static boolean update(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw AccessException.badRequest("invalid update \"" + printable(value) + "\": must be true or false");
  }

  /** A new password of {@link #GENERATED_LENGTH} letters and digits. */
  public static String generatePassword(SecureRandom random) {
    StringBuilder password = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static String password(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      throw AccessException.badRequest("invalid password: must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
          + " characters long (it has " + length + "); or leave it out to have one generated");
    }
    if (password.codePoints().anyMatch(Character::isISOControl)) {
      throw AccessException.badRequest("invalid password: control characters (new lines, tabs, ...)"
          + " are not allowed");
    }
    return password;
  }

  /** A value as a message may show it: printable and short, so that a log line cannot be forged. */
  static String printable(String text) {
    String shown = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
  }
}
