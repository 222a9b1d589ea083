package io.kafkamesos.scheduler.security;

import java.util.Optional;

/**
 * Where the scheduler keeps what only it may read: the generated cluster CA's key (and its
 * certificate, which anyone may read). One implementation, {@link ZooKeeperSecretStore}; the
 * in-memory kind a test would want is a fake of its callers, not of this.
 */
public interface SecretStore {

  /** The CA as stored: its certificate and key, PEM. {@link #toString()} hides the key. */
  record StoredCa(String certificatePem, String keyPem) {
    @Override
    public String toString() {
      return "StoredCa[certificate " + certificatePem.length() + " chars]";
    }
  }

  /**
   * The stored CA, if one was stored.
   *
   * @throws SecretStoreException when it cannot be read, or is stored with access rules that let
   *     anyone but the scheduler read the key or change either part
   */
  Optional<StoredCa> ca();

  /**
   * Stores a CA, certificate and key together or not at all.
   *
   * @return false when a CA was stored already (by another scheduler of the cluster): read that one
   * @throws SecretStoreException when it cannot be stored
   */
  boolean createCa(StoredCa ca);

  /** The CA certificate alone (PEM), readable without the scheduler's credential. */
  Optional<String> caCertificate();
}
