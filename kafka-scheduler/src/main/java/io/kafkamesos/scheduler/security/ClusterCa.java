package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: its certificate and private key, as data. It issues node
 * and client certificates; every time it needs comes from the caller ({@code now}), so that
 * validity and renewal are plain functions of the clock the caller holds. No I/O: the key comes
 * from and goes to the {@link SecretStore} or the operator's files through the caller.
 *
 * <p>{@link #toString()} never shows the key.
 */
public final class ClusterCa {

  /** Certificates start this long before they are issued, for agents whose clocks lag. */
  public static final Duration BACKDATE = Duration.ofHours(1);

  /** Where the CA comes from, which decides who renews it. */
  public enum Origin {
    /** Made by the scheduler at first start; the scheduler renews it. */
    GENERATED,
    /** The operator's own (TLS_CA_CERT_FILE and TLS_CA_KEY_FILE); the operator replaces it. */
    OPERATOR
  }

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Origin origin;

  private ClusterCa(X509Certificate certificate, PrivateKey key, Origin origin) {
    this.certificate = Objects.requireNonNull(certificate);
    this.key = Objects.requireNonNull(key);
    this.origin = Objects.requireNonNull(origin);
  }

  /**
   * A new CA: an EC P-256 key and a self-signed certificate valid from {@code now} (less
   * {@link #BACKDATE}) for {@code validity}, allowed to sign end-entity certificates only.
   */
  public static ClusterCa generate(String frameworkName, Instant now, Duration validity,
      SecureRandom random) {
    KeyPair keys = NodeKeys.generate(random);
    X500Principal subject = Principals.ca(frameworkName);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new ClusterCa(sign(builder, keys.getPrivate()), keys.getPrivate(), Origin.GENERATED);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make the cluster CA: " + e.getMessage(), e);
    }
  }

  /**
   * A CA from PEM text: the scheduler's stored one ({@link Origin#GENERATED}) or the operator's
   * ({@link Origin#OPERATOR}).
   *
   * @throws IllegalArgumentException when the certificate is not a CA's that may sign
   *     certificates, the key is not the certificate's, or the certificate is not valid at
   *     {@code now}; the message never holds key material
   */
  public static ClusterCa fromPem(String certificatePem, String keyPem, Origin origin, Instant now) {
    List<X509Certificate> certificates = Pem.parseCertificates(certificatePem);
    if (certificates.size() != 1) {
      throw new IllegalArgumentException("the CA certificate file holds " + certificates.size()
          + " certificates; give the CA's own certificate only");
    }
    X509Certificate certificate = certificates.get(0);
    PrivateKey key = Pem.parsePrivateKey(keyPem);
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal()
          + " is not a CA's (no basicConstraints CA:TRUE)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && !usage[5]) {
      throw new IllegalArgumentException("the CA certificate " + certificate.getSubjectX500Principal()
          + " may not sign certificates (its key usage lacks keyCertSign)");
    }
    if (!signsFor(key, certificate.getPublicKey())) {
      throw new IllegalArgumentException("the CA key is not the key of the certificate "
          + certificate.getSubjectX500Principal());
    }
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the CA certificate " + certificate.getSubjectX500Principal()
          + " is not valid now: it is valid from " + certificate.getNotBefore().toInstant()
          + " to " + certificate.getNotAfter().toInstant());
    }
    return new ClusterCa(certificate, key, origin);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Origin origin() {
    return origin;
  }

  /** The CA certificate as PEM: what {@code GET /v1/tls/ca} answers and clients trust. */
  public String certificatePem() {
    return Pem.certificates(List.of(certificate));
  }

  /** The key as PKCS#8 PEM, for the {@link SecretStore} only. */
  String keyPem() {
    return Pem.privateKey(key);
  }

  /** When this CA stops being valid, and so does every certificate it issued. */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /**
   * A certificate for {@code publicKey}, valid from {@code now} (less {@link #BACKDATE}) for
   * {@code validity} but never beyond the CA's own end, for TLS servers and clients alike
   * (Kafka nodes are both: they accept connections and open them to each other).
   *
   * @param subject the certificate's subject, which Kafka makes the principal ({@link Principals})
   * @param names the subject alternative names ({@link SubjectNames}); empty for a pure client
   */
  public X509Certificate issue(PublicKey publicKey, X500Principal subject, SubjectNames names,
      Instant now, Duration validity, SecureRandom random) {
    return issue(publicKey, subject, names, now, validity, random,
        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
  }

  /**
   * A certificate for a TLS client only (a user of an {@code MTLS} cluster): as {@link #issue},
   * without subject alternative names and without {@code serverAuth}, so that it cannot pose as a
   * broker.
   */
  public X509Certificate issueClient(PublicKey publicKey, X500Principal subject, Instant now,
      Duration validity, SecureRandom random) {
    return issue(publicKey, subject, SubjectNames.none(), now, validity, random,
        KeyPurposeId.id_kp_clientAuth);
  }

  /**
   * A self-signed server certificate of no CA, for a listener that must serve something before
   * the cluster CA is known ({@link ApiCertificate}'s stand-in): no client that trusts the CA
   * accepts it.
   */
  static X509Certificate selfSigned(KeyPair keys, X500Principal subject, Instant now,
      Duration validity, SecureRandom random) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a self-signed certificate for " + subject + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * A certificate for a TLS server only (the scheduler's API): as {@link #issue}, without
   * {@code clientAuth}, so that the API's key cannot pose as a Kafka client.
   */
  public X509Certificate issueServer(PublicKey publicKey, X500Principal subject, SubjectNames names,
      Instant now, Duration validity, SecureRandom random) {
    return issue(publicKey, subject, names, now, validity, random, KeyPurposeId.id_kp_serverAuth);
  }

  private X509Certificate issue(PublicKey publicKey, X500Principal subject, SubjectNames names,
      Instant now, Duration validity, SecureRandom random, KeyPurposeId... purposes) {
    checkKey(publicKey);
    Instant end = now.plus(validity);
    if (end.isAfter(notAfter())) {
      end = notAfter();
    }
    if (!end.isAfter(now)) {
      throw new IllegalStateException("the cluster CA expired at " + notAfter()
          + "; it cannot issue certificates");
    }
    int usage = KeyUsage.digitalSignature
        | (publicKey instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
          serial(random), Date.from(now.minus(BACKDATE)), Date.from(end), subject, publicKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(publicKey))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(certificate));
      if (!names.isEmpty()) {
        List<GeneralName> general = new java.util.ArrayList<>();
        names.dnsNames().forEach(n -> general.add(new GeneralName(GeneralName.dNSName, n)));
        names.ipAddresses().forEach(ip -> general.add(new GeneralName(GeneralName.iPAddress, ip)));
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(general.toArray(new GeneralName[0])));
      }
      return sign(builder, key);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Keys we sign: EC on P-256 or P-384, RSA of 2048 bits or more.
   *
   * @throws IllegalArgumentException for any other
   */
  public static void checkKey(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits == 256 || bits == 384) {
        return;
      }
      throw new IllegalArgumentException("EC keys of " + bits + " bits are not signed; use P-256 or P-384");
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() >= 2048) {
        return;
      }
      throw new IllegalArgumentException("RSA keys of " + rsa.getModulus().bitLength()
          + " bits are not signed; use 2048 bits or more");
    }
    throw new IllegalArgumentException(key.getAlgorithm() + " keys are not signed; use EC or RSA");
  }

  private static boolean signsFor(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> null;
    };
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
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

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** A positive serial of 159 random bits (RFC 5280: at most 20 octets, unpredictable). */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(159, random).setBit(0);
  }

  @Override
  public String toString() {
    return "ClusterCa[" + certificate.getSubjectX500Principal().getName() + ", " + origin
        + ", until " + notAfter() + "]";
  }
}
