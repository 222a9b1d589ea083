package io.kafkamesos.commons.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The executor's half of a node's certificate: a key pair made on the agent (the private key never
 * leaves it) and a certificate signing request (PKCS#10) for the node's host name and IP address,
 * which the scheduler signs with the cluster CA.
 */
public final class NodeKeys {

  /** ECDSA on P-256: every JDK and Kafka client speaks it, and a key takes milliseconds to make. */
  public static final String CURVE = "secp256r1";
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private NodeKeys() {
  }

  /** A new key pair for one node. */
  public static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make " + CURVE + " keys", e);
    }
  }

  /**
   * A request, signed with the node's key, for a certificate naming {@code hostname} (DNS) and
   * {@code ip} (an IP address literal). The subject is {@code CN=<hostname>}; the scheduler decides
   * the subject of the certificate it issues, so this one is only informative.
   *
   * @throws IllegalArgumentException when {@code ip} is not an IP address literal
   */
  public static PKCS10CertificationRequest request(KeyPair keys, String hostname, String ip) {
    Objects.requireNonNull(hostname);
    Objects.requireNonNull(ip);
    if (!isIpLiteral(ip)) {
      throw new IllegalArgumentException("'" + ip + "' is not an IP address");
    }
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
          new GeneralName[] {new GeneralName(GeneralName.dNSName, hostname),
              new GeneralName(GeneralName.iPAddress, ip)}));
      return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + escapeRdn(hostname)),
          keys.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with " + SIGNATURE_ALGORITHM, e);
    }
  }

  /** Whether {@code text} is an IPv4 or IPv6 literal (no name lookup happens). */
  public static boolean isIpLiteral(String text) {
    if (text.isEmpty() || !text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
      return false;
    }
    if (!text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    try {
      InetAddress.getByName(text); // a literal of this shape is parsed, never looked up
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String escapeRdn(String value) {
    return value.replaceAll("([,+\"\\\\<>;=])", "\\\\$1");
  }
}
