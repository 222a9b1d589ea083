package io.kafkamesos.scheduler.security;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's memory of the node tasks it launched with TLS: each task's secret hash (the
 * secret itself is only in the task's data) and the key once certified for it. Kept in memory:
 * a node whose certificate request reaches a new leader is refused (it knows no secret of the
 * task), its task fails and is launched again with a new secret; a node that has its key stores
 * already needs nothing more.
 */
public final class TaskSecretBook {

  private final SecureRandom random;
  private final Map<String, String> secretHashes = new ConcurrentHashMap<>();
  private final Map<String, String> certifiedKeys = new ConcurrentHashMap<>();

  public TaskSecretBook(SecureRandom random) {
    this.random = Objects.requireNonNull(random);
  }

  /** A new secret for {@code taskId}; only its hash is kept. */
  public String issue(String taskId) {
    String secret = TaskSecrets.generate(random);
    secretHashes.put(taskId, TaskSecrets.hash(secret));
    certifiedKeys.remove(taskId);
    return secret;
  }

  public Optional<String> secretHash(String taskId) {
    return Optional.ofNullable(secretHashes.get(taskId));
  }

  /** The fingerprint of the key certified for {@code taskId}, or null. */
  public String certifiedKey(String taskId) {
    return certifiedKeys.get(taskId);
  }

  /** Binds the task's secret to the first key certified with it. */
  public void certified(String taskId, String fingerprint) {
    certifiedKeys.putIfAbsent(taskId, fingerprint);
  }
}
