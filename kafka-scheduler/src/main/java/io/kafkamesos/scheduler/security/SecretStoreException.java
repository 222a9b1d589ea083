package io.kafkamesos.scheduler.security;

/** The secret store cannot do what was asked; the message says why and never holds a secret. */
public final class SecretStoreException extends RuntimeException {

  public SecretStoreException(String message) {
    super(message);
  }

  public SecretStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
