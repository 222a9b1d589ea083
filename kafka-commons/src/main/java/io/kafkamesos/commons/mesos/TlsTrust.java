package io.kafkamesos.commons.mesos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS contexts a Mesos client connects with: one that trusts the certificate authorities of a
 * PEM bundle (and nothing else), and, for executors only, one that verifies nothing, which is what
 * Mesos' own executors do unless {@code LIBPROCESS_SSL_VERIFY_SERVER_CERT} is set.
 *
 * <p>The JDK's HTTP client verifies the server's host name against its certificate with every
 * context built from a {@link TrustManagerFactory}, so {@link #trusting} keeps host name
 * verification on.
 */
public final class TlsTrust {

  private static final Pattern PEM_CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

  private TlsTrust() {
  }

  /**
   * A context that trusts the certificates of these PEM files (each may hold many) as authorities.
   *
   * @throws IllegalArgumentException naming the file that cannot be read or holds no certificate
   */
  public static SSLContext trusting(List<Path> pemFiles) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Path file : pemFiles) {
        for (X509Certificate certificate : certificates(file)) {
          store.setCertificateEntry("ca-" + n++, certificate);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /** {@link #trusting(List)} of one bundle. */
  public static SSLContext trusting(Path pemFile) {
    return trusting(List.of(pemFile));
  }

  /**
   * The regular files of a directory of authorities (OpenSSL's hashed {@code LIBPROCESS_SSL_CA_DIR},
   * or any folder of PEM files); files without a certificate are skipped.
   *
   * @throws IllegalArgumentException when the directory cannot be read or holds no certificate
   */
  public static List<Path> certificateFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> withCertificates = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (PEM_CERTIFICATE.matcher(text).find()) {
          withCertificates.add(file);
        }
      }
      if (withCertificates.isEmpty()) {
        throw new IllegalArgumentException(directory + " holds no PEM certificate");
      }
      return withCertificates;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + directory + ": " + e, e);
    }
  }

  /**
   * A context that accepts any server certificate. Only for an executor talking to its own agent
   * when the cluster asks for no verification, as libprocess does by default.
   */
  public static SSLContext unverified() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * The certificates of one PEM file.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds none
   */
  static List<X509Certificate> certificates(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
    }
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = PEM_CERTIFICATE.matcher(text);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " holds a malformed certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** Trusts every server; never used for clients (no client certificates are checked here). */
  private static final class AcceptAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("a client-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("a client-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("a client-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }
  }
}
