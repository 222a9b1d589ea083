package io.kafkamesos.commons.security;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a node's PKCS12 key store (its private key and the certificate chain the scheduler sent)
 * and trust store (the cluster's CA certificates) into a directory of the task's sandbox, each
 * with a password made here, and answers the Kafka properties that point at them.
 *
 * <p>Before writing, the chain is checked: its first certificate must be for this node's key and
 * it must lead to one of the trusted CAs, so that a wrong or stale reply never becomes a key store.
 */
public final class NodeKeystores {

  public static final String KEYSTORE_FILE = "node.keystore.p12";
  public static final String TRUSTSTORE_FILE = "node.truststore.p12";
  private static final String ALIAS = "node";

  private NodeKeystores() {
  }

  /**
   * The files written and their passwords. {@link #toString()} hides the passwords.
   *
   * @param keystore the PKCS12 file with the node's key and chain (alias {@code node})
   * @param keystorePassword its password, also the key's
   * @param truststore the PKCS12 file with the trusted CA certificates
   * @param truststorePassword its password
   */
  public record Stores(Path keystore, String keystorePassword, Path truststore,
      String truststorePassword) {

    public Stores {
      Objects.requireNonNull(keystore);
      Objects.requireNonNull(keystorePassword);
      Objects.requireNonNull(truststore);
      Objects.requireNonNull(truststorePassword);
    }

    /**
     * Kafka's SSL properties for these files (the same for brokers, controllers and clients):
     * {@code ssl.keystore.type/location/password}, {@code ssl.key.password},
     * {@code ssl.truststore.type/location/password}.
     */
    public Map<String, String> kafkaProperties() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
      p.put("ssl.keystore.password", keystorePassword);
      p.put("ssl.key.password", keystorePassword);
      p.put("ssl.truststore.type", "PKCS12");
      p.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
      p.put("ssl.truststore.password", truststorePassword);
      return p;
    }

    @Override
    public String toString() {
      return "NodeKeystores.Stores[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
  }

  /**
   * Checks the chain and writes both stores into {@code dir} (created if needed), each readable by
   * this user only; an existing pair is replaced (renewal), each file atomically.
   *
   * @param key the node's private key, made by {@link NodeKeys#generate}
   * @param chain the node's certificate first, then any intermediates (the CA may be included)
   * @param trusted the CA certificates the node trusts (more than one while a CA is renewed)
   * @param now when the check happens (the chain must be valid then)
   * @throws IllegalArgumentException when the chain is not for this key or not from a trusted CA
   */
  public static Stores write(Path dir, PrivateKey key, List<X509Certificate> chain,
      List<X509Certificate> trusted, Date now, SecureRandom random) throws IOException {
    check(key, chain, trusted, now);
    Files.createDirectories(dir);
    String keystorePassword = password(random);
    String truststorePassword = password(random);
    try {
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, null);
      keystore.setKeyEntry(ALIAS, key, keystorePassword.toCharArray(),
          chain.toArray(new X509Certificate[0]));
      KeyStore truststore = KeyStore.getInstance("PKCS12");
      truststore.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        truststore.setCertificateEntry("ca-" + i, trusted.get(i));
      }
      Path keystoreFile = dir.resolve(KEYSTORE_FILE);
      Path truststoreFile = dir.resolve(TRUSTSTORE_FILE);
      store(keystore, keystorePassword, keystoreFile);
      store(truststore, truststorePassword, truststoreFile);
      return new Stores(keystoreFile, keystorePassword, truststoreFile, truststorePassword);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a PKCS12 store: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the chain is for {@code key} and valid at {@code now} from one of {@code trusted}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static void check(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted,
      Date now) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("no trusted CA certificate");
    }
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw new IllegalArgumentException("the certificate " + chain.get(0).getSubjectX500Principal()
          + " is not for this node's key");
    }
    Set<TrustAnchor> anchors = trusted.stream().map(c -> new TrustAnchor(c, null))
        .collect(Collectors.toSet());
    // the path to validate: the chain without any trust anchor it may carry at its end
    List<X509Certificate> path = chain.stream().filter(c -> !trusted.contains(c)).toList();
    try {
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(now);
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate chain does not lead to a trusted CA: "
          + e.getMessage(), e);
    }
  }

  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (key instanceof java.security.interfaces.ECPrivateKey ec
        && publicKey instanceof java.security.interfaces.ECPublicKey ecPublic) {
      // the public point is the private scalar times the generator: compare by signing instead
      return signsFor(key, publicKey, "SHA256withECDSA")
          && ec.getParams().getCurve().equals(ecPublic.getParams().getCurve());
    }
    if (key instanceof java.security.interfaces.RSAPrivateKey rsa
        && publicKey instanceof java.security.interfaces.RSAPublicKey rsaPublic) {
      return rsa.getModulus().equals(rsaPublic.getModulus());
    }
    return false;
  }

  /** Whether a signature made with {@code key} verifies with {@code publicKey}. */
  static boolean signsFor(PrivateKey key, PublicKey publicKey, String algorithm) {
    try {
      byte[] probe = "kafka-mesos key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** 24 random bytes, URL-safe base64: 192 bits, no character a properties file must escape. */
  static String password(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void store(KeyStore store, String password, Path file)
      throws IOException, GeneralSecurityException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, password.toCharArray());
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
