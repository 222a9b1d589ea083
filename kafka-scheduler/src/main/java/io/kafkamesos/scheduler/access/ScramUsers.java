package io.kafkamesos.scheduler.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kafkamesos.scheduler.access.UserRequests.UserRequest;
import io.kafkamesos.scheduler.security.SecuritySettingsParser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCRAM users of the cluster, as Kafka keeps their credentials (in ZooKeeper or the KRaft metadata
 * log): listed, created (the password given or generated), updated, deleted through the admin
 * client (Kafka 2.7 and newer). The scheduler keeps no password: a generated one is answered once
 * and then exists only as Kafka's salted hash.
 */
public final class ScramUsers {

  private static final Logger LOG = LoggerFactory.getLogger(ScramUsers.class);

  /** The first Kafka whose admin client manages SCRAM credentials (KIP-554). */
  public static final String FIRST_VERSION = "2.7.0";

  /** One credential of a user: its mechanism and iterations (never its salt or hash). */
  public record Credential(String mechanism, int iterations) {
  }

  /**
   * A user as the API shows it.
   *
   * @param password only in the answer that generated it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record User(String name, List<Credential> mechanisms, String password) {
    public User {
      mechanisms = List.copyOf(mechanisms);
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "User[" + name + ", " + mechanisms + "]";
    }
  }

  /** {@code {"users": [...]}}. */
  public record Users(List<User> users) {
  }

  private final KafkaAdminAccess kafka;
  private final Supplier<String> kafkaVersion;
  private final SecureRandom random;

  /** @param kafkaVersion the Kafka version of the target in force */
  public ScramUsers(KafkaAdminAccess kafka, Supplier<String> kafkaVersion, SecureRandom random) {
    this.kafka = Objects.requireNonNull(kafka);
    this.kafkaVersion = Objects.requireNonNull(kafkaVersion);
    this.random = Objects.requireNonNull(random);
  }

  /** Every user with a SCRAM credential, by name. */
  public Users list() {
    checkVersion();
    Map<String, UserScramCredentialsDescription> all = kafka.call(
        admin -> admin.describeUserScramCredentials().all(), "listing the SCRAM users");
    return new Users(all.values().stream().map(ScramUsers::view)
        .sorted(Comparator.comparing(User::name)).toList());
  }

  /** @throws AccessException NOT_FOUND when the user has no credential */
  public User get(String name) {
    checkVersion();
    return find(UserRequests.name(name)).orElseThrow(() -> notFound(name));
  }

  /**
   * Stores a credential for {@code name}.
   *
   * @param update false: a user that exists (with any mechanism) is a conflict; true: its
   *     credential of this mechanism is set (the others are kept)
   * @return the user, with the password when it was generated
   */
  public User create(String name, UserRequest request, boolean update) {
    UserRequests.name(name);
    checkVersion();
    Optional<User> existing = find(name);
    if (existing.isPresent() && !update) {
      throw new AccessException(AccessException.Kind.CONFLICT, "user \"" + name + "\" exists ("
          + mechanisms(existing.get()) + "); POST /v1/users/" + name + "?update=true sets its password");
    }
    String password = request.password().orElseGet(() -> UserRequests.generatePassword(random));
    String what = (existing.isPresent() ? "updating" : "creating") + " user \"" + name + "\"";
    kafka.call(admin -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
        new ScramCredentialInfo(request.mechanism(), request.iterations()), password))).all(), what);
    List<Credential> credentials = new ArrayList<>();
    existing.ifPresent(user -> user.mechanisms().stream()
        .filter(c -> !c.mechanism().equals(request.mechanism().mechanismName()))
        .forEach(credentials::add));
    credentials.add(new Credential(request.mechanism().mechanismName(), request.iterations()));
    credentials.sort(Comparator.comparing(Credential::mechanism));
    LOG.info("SCRAM user {} {}: {} with {} iterations, password {}", name,
        existing.isPresent() ? "updated" : "created", request.mechanism().mechanismName(),
        request.iterations(), request.password().isPresent() ? "given" : "generated");
    return new User(name, credentials, request.password().isPresent() ? null : password);
  }

  /**
   * Deletes the user's credentials: every mechanism, or only {@code mechanism}.
   *
   * @return the user as it was (the credentials deleted)
   */
  public User delete(String name, Optional<ScramMechanism> mechanism) {
    UserRequests.name(name);
    checkVersion();
    User user = find(name).orElseThrow(() -> notFound(name));
    List<Credential> deleted = user.mechanisms().stream()
        .filter(c -> mechanism.isEmpty() || c.mechanism().equals(mechanism.get().mechanismName()))
        .toList();
    if (deleted.isEmpty()) {
      throw new AccessException(AccessException.Kind.NOT_FOUND, "user \"" + name + "\" has no "
          + mechanism.get().mechanismName() + " credential (it has " + mechanisms(user) + ")");
    }
    List<UserScramCredentialAlteration> deletions = deleted.stream()
        .map(c -> (UserScramCredentialAlteration) new UserScramCredentialDeletion(name,
            ScramMechanism.fromMechanismName(c.mechanism())))
        .toList();
    kafka.call(admin -> admin.alterUserScramCredentials(deletions).all(), "deleting user \"" + name + "\"");
    LOG.info("SCRAM user {}: deleted {}", name, deleted.stream().map(Credential::mechanism).toList());
    return new User(name, deleted, null);
  }

  private Optional<User> find(String name) {
    try {
      return Optional.of(view(kafka.call(admin -> admin.describeUserScramCredentials(List.of(name))
          .description(name), "reading user \"" + name + "\"")));
    } catch (AccessException e) {
      if (e.kind() == AccessException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void checkVersion() {
    String version = kafkaVersion.get();
    if (!SecuritySettingsParser.atLeast(version, FIRST_VERSION)) {
      throw new AccessException(AccessException.Kind.CONFLICT, "SCRAM users need Kafka 2.7 or newer"
          + " (its admin API for SCRAM credentials); this cluster runs Kafka " + version
          + ": upgrade it first (KAFKA_VERSION)");
    }
  }

  private static User view(UserScramCredentialsDescription description) {
    List<Credential> credentials = description.credentialInfos().stream()
        .map(info -> new Credential(info.mechanism().mechanismName(), info.iterations()))
        .sorted(Comparator.comparing(Credential::mechanism))
        .toList();
    return new User(description.name(), credentials, null);
  }

  private static String mechanisms(User user) {
    return String.join(", ", user.mechanisms().stream().map(Credential::mechanism).toList());
  }

  private static AccessException notFound(String name) {
    return new AccessException(AccessException.Kind.NOT_FOUND, "user \"" + name + "\" does not exist"
        + " (it has no SCRAM credential)");
  }
}
