package io.kafkamesos.scheduler.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a CA as an operator gives one ({@code TLS_CA_CERT_FILE}, {@code TLS_CA_KEY_FILE}), for tests. */
public final class OperatorCaFiles {

  private OperatorCaFiles() {
  }

  /** Writes {@code ca.pem} and {@code ca.key} of {@code ca} into {@code dir}. */
  public static void write(ClusterCa ca, Path dir) throws IOException {
    Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Files.writeString(dir.resolve("ca.key"), ca.keyPem());
  }
}
