package io.kafkamesos.scheduler.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Who may use the maintenance API: bearer tokens, kept as SHA-256 hashes, and HTTP basic users,
 * kept as bcrypt hashes. Tokens are random and long (made by {@link HashToken}), so a fast hash
 * is enough and a lookup costs nothing; passwords are chosen by people, so they get a slow, salted
 * hash ({@code htpasswd -nB} writes the same {@code $2y$} form). A password that checked out is
 * remembered for a few minutes (by an HMAC under a key of this process, never the password) so
 * that a page that polls does not pay bcrypt on every request.
 *
 * <p>Every comparison takes the same time whatever it is compared with: each token hash is
 * compared in full ({@link MessageDigest#isEqual}), and an unknown user is checked against a
 * dummy hash.
 */
public final class ApiCredentials {

  /** A token's hash as configured: {@code sha256:<64 hex>}, and its role. */
  public record TokenHash(byte[] sha256, ApiRole role) {
    public TokenHash {
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a token hash is 32 bytes");
      }
      sha256 = sha256.clone();
      Objects.requireNonNull(role);
    }

    /** For logs: the first 8 hex digits of the hash, which say which token without helping anyone. */
    public String id() {
      return "sha256:" + HexFormat.of().formatHex(sha256, 0, 4);
    }
  }

  /** A basic user as configured: name, bcrypt hash, role. */
  public record User(String name, String bcrypt, ApiRole role) {
    public User {
      Objects.requireNonNull(name);
      Objects.requireNonNull(bcrypt);
      Objects.requireNonNull(role);
    }

    @Override
    public String toString() {
      return "User[" + name + ", " + role + "]";
    }
  }

  /** Who a request is. */
  public record Identity(String name, ApiRole role) {
  }

  /** Time a checked password is remembered for. */
  static final Duration REMEMBER = Duration.ofMinutes(5);
  private static final int REMEMBERED = 256;

  private final List<TokenHash> tokens;
  private final Map<String, User> users;
  private final Clock clock;
  private final byte[] rememberKey = new byte[32];
  private final Map<String, Instant> remembered = new ConcurrentHashMap<>();
  /** A hash of a random password at the users' cost: an unknown user costs what a known one does. */
  private final String dummy;
  private final java.util.concurrent.atomic.AtomicLong bcryptChecks = new java.util.concurrent.atomic.AtomicLong();

  public ApiCredentials(List<TokenHash> tokens, List<User> users, Clock clock) {
    this.tokens = List.copyOf(tokens);
    Map<String, User> byName = new LinkedHashMap<>();
    users.forEach(u -> byName.put(u.name(), u));
    this.users = Map.copyOf(byName);
    this.clock = Objects.requireNonNull(clock);
    SecureRandom random = new SecureRandom();
    random.nextBytes(rememberKey);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    this.dummy = users.isEmpty() ? null
        : OpenBSDBCrypt.generate("2y", TaskSecrets.generate(random).toCharArray(), salt, cost(users.get(0).bcrypt()));
  }

  /** The cost of a {@code $2y$12$...} hash (4 to 31). */
  static int cost(String bcrypt) {
    try {
      int cost = Integer.parseInt(bcrypt.substring(4, 6));
      return Math.max(4, Math.min(31, cost));
    } catch (RuntimeException e) {
      return 12;
    }
  }

  public boolean hasUsers() {
    return !users.isEmpty();
  }

  /** The identity of a bearer token, if it is one of ours. */
  public Optional<Identity> token(String token) {
    byte[] hash = sha256(token);
    TokenHash match = null;
    for (TokenHash candidate : tokens) {
      // no early exit: the time does not say which (or whether one) matched
      if (MessageDigest.isEqual(hash, candidate.sha256()) && match == null) {
        match = candidate;
      }
    }
    return match == null ? Optional.empty() : Optional.of(new Identity("token " + match.id(), match.role()));
  }

  /** The identity of a basic user, if the password is theirs. */
  public Optional<Identity> user(String name, String password) {
    User user = users.get(name);
    if (dummy == null) {
      return Optional.empty();
    }
    String remembering = remembering(name, password);
    Instant now = clock.instant();
    Instant until = remembered.get(remembering);
    if (user != null && until != null && now.isBefore(until)) {
      return Optional.of(new Identity("user " + name, user.role()));
    }
    boolean ok;
    bcryptChecks.incrementAndGet();
    try {
      ok = OpenBSDBCrypt.checkPassword(user == null ? dummy : user.bcrypt(), password.toCharArray());
    } catch (IllegalArgumentException e) {
      ok = false; // a password bcrypt cannot take (over 72 bytes)
    }
    if (user == null || !ok) {
      return Optional.empty();
    }
    if (remembered.size() >= REMEMBERED) {
      remembered.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
      if (remembered.size() >= REMEMBERED) {
        remembered.clear();
      }
    }
    remembered.put(remembering, now.plus(REMEMBER));
    return Optional.of(new Identity("user " + name, user.role()));
  }

  /** How many passwords were checked with bcrypt (the rest were remembered), for tests. */
  long bcryptChecks() {
    return bcryptChecks.get();
  }

  static byte[] sha256(String token) {
    return TaskSecrets.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  private String remembering(String name, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
