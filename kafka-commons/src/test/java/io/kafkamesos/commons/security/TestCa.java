package io.kafkamesos.commons.security;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A bare CA for this module's tests (the scheduler's real one is ClusterCa). */
final class TestCa {

  final KeyPair keys;
  final X509Certificate certificate;

  TestCa(String name, Instant now) throws Exception {
    keys = NodeKeys.generate(new SecureRandom());
    X500Principal subject = new X500Principal("CN=" + name);
    certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        subject, BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(2))),
        subject, keys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  /** Signs a request as it is, its extensions included. */
  X509Certificate sign(PKCS10CertificationRequest request, Instant now) throws Exception {
    JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
        BigInteger.TWO, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
        jca.getSubject(), jca.getPublicKey());
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }
}
