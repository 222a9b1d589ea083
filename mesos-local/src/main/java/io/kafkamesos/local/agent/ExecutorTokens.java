package io.kafkamesos.local.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Executor authentication as a Mesos agent run with {@code --authenticate_http_executors
 * --http_authenticators=jwt --jwt_secret_key=<file>} does it: before launching an executor the
 * agent signs a JSON web token (HS256) whose claims are the executor's framework, executor and
 * container ids ({@code fid}, {@code eid}, {@code cid}) and hands it over in
 * {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}; every call to the executor API must carry it as
 * {@code Authorization: Bearer <token>}. The answers are libprocess' JWT authenticator's (401 with
 * a {@code WWW-Authenticate} challenge of realm {@code mesos-agent-executor}) and the agent's
 * claim check (403 when the claims are another executor's). The key lives in the work dir, so
 * that executors recovered after a restart keep working with the token they were given.
 */
public final class ExecutorTokens {

  /** Mesos' EXECUTOR_HTTP_AUTHENTICATION_REALM. */
  public static final String REALM = "mesos-agent-executor";
  public static final String ENVIRONMENT_VARIABLE = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";
  /** libprocess' body of a 401. */
  static final String UNAUTHORIZED_BODY = "401 Unauthorized.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private final byte[] key;
  private final Clock clock;

  /** The result of authenticating a request: the token's claims, or the 401 challenge. */
  public record Authentication(Optional<Map<String, String>> claims, String challenge) {
    public Authentication {
      Objects.requireNonNull(claims, "claims");
      Objects.requireNonNull(challenge, "challenge");
    }

    static Authentication unauthorized(String challenge) {
      return new Authentication(Optional.empty(), challenge);
    }
  }

  ExecutorTokens(byte[] key, Clock clock) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an empty JWT secret key");
    }
    this.key = key.clone();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The tokens signed with the key in {@code file}, made (32 random bytes, readable by the owner
   * only) when there is none yet.
   */
  public static ExecutorTokens load(Path file, Clock clock) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, B64.encode(key));
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the work dir's own permissions protect it
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return new ExecutorTokens(Files.readString(file).trim().getBytes(StandardCharsets.UTF_8),
          clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the JWT secret key " + file, e);
    }
  }

  /** The token of one executor's container, as Mesos' JWTSecretGenerator makes it. */
  public String issue(String frameworkId, String executorId, String containerId) {
    ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT");
    ObjectNode payload = JSON.createObjectNode().put("cid", containerId).put("eid", executorId)
        .put("fid", frameworkId);
    String signed = encode(header) + "." + encode(payload);
    return signed + "." + B64.encodeToString(hmac(signed));
  }

  /** libprocess' JWTAuthenticator: the claims of a valid {@code Authorization} header. */
  public Authentication authenticate(String authorization) {
    String realm = "Bearer realm=\"" + REALM + "\"";
    if (authorization == null) {
      return Authentication.unauthorized(realm); // no error details (RFC 6750, 3.1)
    }
    String[] parts = authorization.split(" ", -1);
    if (parts.length != 2) {
      return invalid(realm, "Malformed 'Authorization' header");
    }
    if (!parts[0].equals("Bearer")) {
      return invalid(realm, "Scheme '" + parts[0] + "' unsupported");
    }
    Map<String, String> claims;
    try {
      claims = verify(parts[1]);
    } catch (InvalidToken e) {
      return invalid(realm, "Invalid JWT: " + e.getMessage());
    }
    if (claims.isEmpty()) {
      return invalid(realm, "JWT claims missing");
    }
    return new Authentication(Optional.of(claims), "");
  }

  /**
   * Mesos' {@code verifyExecutorClaims}: why the principal may not make a call for this
   * executor (answered 403), if it may not.
   */
  public static Optional<String> claimsError(Map<String, String> claims, String frameworkId,
      String executorId, String containerId) {
    String principal;
    try {
      principal = JSON.writeValueAsString(Map.of("claims", new TreeMap<>(claims)));
    } catch (JsonProcessingException e) {
      principal = claims.toString();
    }
    if (!frameworkId.equals(claims.get("fid"))) {
      return Optional.of("Authenticated principal '" + principal + "' does not contain an 'fid'"
          + " claim with the framework ID " + frameworkId + ", which is set in the call");
    }
    if (!executorId.equals(claims.get("eid"))) {
      return Optional.of("Authenticated principal '" + principal + "' does not contain an 'eid'"
          + " claim with the executor ID " + executorId + ", which is set in the call");
    }
    if (!containerId.equals(claims.get("cid"))) {
      return Optional.of("Authenticated principal '" + principal + "' does not contain a 'cid'"
          + " claim with the correct active ContainerID");
    }
    return Optional.empty();
  }

  private static Authentication invalid(String realm, String description) {
    // one header line: a parser's message may span several
    String oneLine = description.replaceAll("[\\r\\n]+", " ").replace('"', '\'');
    return Authentication.unauthorized(realm + ", error=\"invalid_token\", error_description=\""
        + oneLine + "\"");
  }

  /** libprocess' JWT::parse with a secret, with its messages. */
  private Map<String, String> verify(String token) throws InvalidToken {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidToken("Expected 3 components in token, got " + parts.length);
    }
    JsonNode header = decode(parts[0], "Failed to decode token header: ");
    JsonNode alg = header.get("alg");
    if (alg == null) {
      throw new InvalidToken("Failed to locate 'alg' in token JSON header");
    }
    if (!alg.isTextual()) {
      throw new InvalidToken("Token 'alg' field is not a string");
    }
    if (!alg.asText().equals("HS256")) {
      throw new InvalidToken("Token 'alg' value \"" + alg.asText()
          + "\" does not match, expected \"HS256\"");
    }
    JsonNode payload = decode(parts[1], "Failed to decode token payload: ");
    JsonNode exp = payload.get("exp");
    if (exp != null) {
      if (!exp.isNumber()) {
        throw new InvalidToken("JSON payload 'exp' field is not a number");
      }
      long now = clock.instant().getEpochSecond();
      if (exp.asLong() < now) {
        throw new InvalidToken("Token has expired: exp(" + exp.asLong() + ") < now(" + now + ")");
      }
    }
    byte[] signature;
    try {
      signature = B64_DECODE.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new InvalidToken("Failed to base64url-decode token signature: " + e.getMessage());
    }
    if (!MessageDigest.isEqual(hmac(parts[0] + "." + parts[1]), signature)) {
      throw new InvalidToken("Token signature does not match");
    }
    Map<String, String> claims = new TreeMap<>();
    payload.fields().forEachRemaining(e -> claims.put(e.getKey(),
        e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return claims;
  }

  private static JsonNode decode(String part, String what) throws InvalidToken {
    byte[] bytes;
    try {
      bytes = B64_DECODE.decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidToken(what + "Failed to base64url-decode: " + e.getMessage());
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new InvalidToken(what + "Failed to parse into JSON: not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidToken(what + "Failed to parse into JSON: " + e.getMessage());
    }
  }

  private static String encode(JsonNode node) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** libprocess' INVALID_TOKEN errors. */
  private static final class InvalidToken extends Exception {
    InvalidToken(String message) {
      super(message);
    }
  }
}
