package io.kafkamesos.commons.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text of certificates, certificate signing requests and private keys, as OpenSSL writes and
 * reads them. Pure: strings in, objects out; the caller reads and writes files.
 */
public final class Pem {

  private Pem() {
  }

  /** {@code -----BEGIN CERTIFICATE-----} blocks, in order. */
  public static String certificates(List<X509Certificate> certificates) {
    return write(certificates.toArray());
  }

  /** One {@code -----BEGIN CERTIFICATE REQUEST-----} block. */
  public static String request(PKCS10CertificationRequest request) {
    return write(request);
  }

  /** A PKCS#8 {@code -----BEGIN PRIVATE KEY-----} block. */
  public static String privateKey(PrivateKey key) {
    try {
      return write(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " key", e);
    }
  }

  /**
   * Every certificate of a PEM text (a bundle may have comments between the blocks).
   *
   * @throws IllegalArgumentException when the text holds no certificate or a block is not one
   */
  public static List<X509Certificate> parseCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object block : blocks(pem)) {
      if (!(block instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException("expected certificates, found " + describe(block));
      }
      certificates.add(toCertificate(holder));
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return certificates;
  }

  /**
   * The one certificate signing request of a PEM text.
   *
   * @throws IllegalArgumentException when the text is not exactly one request
   */
  public static PKCS10CertificationRequest parseRequest(String pem) {
    List<Object> blocks = blocks(pem);
    if (blocks.size() != 1 || !(blocks.get(0) instanceof PKCS10CertificationRequest request)) {
      throw new IllegalArgumentException("expected one PEM certificate request, found "
          + (blocks.isEmpty() ? "none" : describe(blocks.get(0)) + " (" + blocks.size() + " blocks)"));
    }
    return request;
  }

  /**
   * The one private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}), or OpenSSL's traditional
   * {@code RSA PRIVATE KEY} and {@code EC PRIVATE KEY}. Encrypted keys are not taken: the key
   * comes from a secret file that its storage protects.
   *
   * @throws IllegalArgumentException when the text is not exactly one unencrypted private key
   */
  public static PrivateKey parsePrivateKey(String pem) {
    List<Object> blocks = blocks(pem);
    // OpenSSL writes EC keys with their curve's parameters in a block of their own
    blocks.removeIf(b -> b instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier);
    if (blocks.size() != 1) {
      throw new IllegalArgumentException("expected one PEM private key, found " + blocks.size()
          + " blocks");
    }
    Object block = blocks.get(0);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (block instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (block instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("expected an unencrypted private key, found " + describe(block));
  }

  static X509Certificate toCertificate(X509CertificateHolder holder) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
    }
  }

  private static List<Object> blocks(String pem) {
    List<Object> blocks = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object block;
      while ((block = parser.readObject()) != null) {
        blocks.add(block);
      }
    } catch (IOException | RuntimeException e) {
      // never echo the text: it may be a key
      throw new IllegalArgumentException("not PEM text: " + e.getMessage(), e);
    }
    return blocks;
  }

  private static String describe(Object block) {
    if (block instanceof X509CertificateHolder) {
      return "a certificate";
    }
    if (block instanceof PKCS10CertificationRequest) {
      return "a certificate request";
    }
    if (block instanceof PrivateKeyInfo || block instanceof PEMKeyPair) {
      return "a private key";
    }
    if (block instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair
        || block instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) {
      return "an encrypted private key";
    }
    return "a " + block.getClass().getSimpleName();
  }

  private static String write(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
