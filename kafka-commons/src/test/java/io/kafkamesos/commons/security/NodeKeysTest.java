package io.kafkamesos.commons.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class NodeKeysTest {

  private final KeyPair keys = NodeKeys.generate(new SecureRandom());

  @Test
  void requestIsSignedByTheNodeKeyAndNamesHostAndIp() throws Exception {
    PKCS10CertificationRequest request = NodeKeys.request(keys, "agent-1.example", "10.1.2.3");

    assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic())))
        .isTrue();
    assertThat(request.getSubject().toString()).isEqualTo("CN=agent-1.example");
    Extensions extensions = Extensions.getInstance(request.getAttributes(
        PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
    GeneralName[] names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName)
        .getNames();
    assertThat(names).extracting(GeneralName::getTagNo)
        .containsExactly(GeneralName.dNSName, GeneralName.iPAddress);
    assertThat(names[0].getName().toString()).isEqualTo("agent-1.example");
  }

  @Test
  void requestSurvivesPem() {
    PKCS10CertificationRequest request = NodeKeys.request(keys, "localhost", "127.0.0.1");

    String pem = Pem.request(request);

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(Pem.parseRequest(pem)).isEqualTo(request);
  }

  @Test
  void ipMustBeALiteral() {
    assertThatThrownBy(() -> NodeKeys.request(keys, "h", "agent-1.example"))
        .hasMessage("'agent-1.example' is not an IP address");
    assertThat(NodeKeys.isIpLiteral("::1")).isTrue();
    assertThat(NodeKeys.isIpLiteral("192.168.0.300")).isFalse();
    assertThat(NodeKeys.isIpLiteral("cafe")).isFalse();
    assertThat(NodeKeys.isIpLiteral("")).isFalse();
  }

  @Test
  void everyCallMakesANewKey() {
    assertThat(NodeKeys.generate(new SecureRandom()).getPublic()).isNotEqualTo(keys.getPublic());
    assertThat(keys.getPublic().getAlgorithm()).isEqualTo("EC");
  }
}
