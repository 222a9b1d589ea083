package io.kafkamesos.scheduler.security;

import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Decides whether a node's certificate request is signed: a pure function of the request, what
 * the scheduler knows of the task, and who sent it (Mesos puts the sender's agent and executor
 * ids in the {@code MESSAGE} event; an executor cannot choose them).
 *
 * <p>A request is signed only when it names a task the scheduler launched, comes from that task's
 * agent and executor, carries that task's secret, proves possession of its key (the request's
 * signature), uses a key {@link ClusterCa} signs, and asks for no name but the agent's host name
 * and IP addresses. The secret is one-time: once a key was certified for a task, the same secret
 * with another key is refused, while the same key is answered again (Mesos may lose the answer).
 * The certificate's subject is the scheduler's choice ({@link Principals#node}), never the
 * request's.
 */
public final class NodeRequestCheck {

  private NodeRequestCheck() {
  }

  /**
   * What the scheduler knows of a node task it launched.
   *
   * @param taskId the task's id
   * @param agentId the agent it was launched on
   * @param executorId its executor's id
   * @param hostname the agent's host name (the offer's)
   * @param ipAddresses the agent's IP addresses the scheduler knows (the offer's agent URL)
   * @param secretHash {@link TaskSecrets#hash} of the secret in the task's data
   * @param certifiedKey {@link #fingerprint} of the key already certified for this task, or null
   */
  public record ExpectedNode(String taskId, String agentId, String executorId, String hostname,
      List<String> ipAddresses, String secretHash, String certifiedKey) {

    public ExpectedNode {
      Objects.requireNonNull(taskId);
      Objects.requireNonNull(agentId);
      Objects.requireNonNull(executorId);
      Objects.requireNonNull(hostname);
      ipAddresses = List.copyOf(ipAddresses);
      Objects.requireNonNull(secretHash);
    }
  }

  /** Who sent the request, as Mesos says. */
  public record Sender(String agentId, String executorId) {
  }

  /** The decision. */
  public sealed interface Verdict permits Sign, Refuse {
  }

  /**
   * Sign {@code key} for these names.
   *
   * @param fingerprint the key's {@link #fingerprint}, to remember as the task's certified key
   */
  public record Sign(PublicKey key, SubjectNames names, String fingerprint) implements Verdict {
  }

  /** Refuse, and why (sent back to the executor and logged; it never holds the secret). */
  public record Refuse(String reason) implements Verdict {
  }

  /**
   * The decision for {@code request}.
   *
   * @param expected the task the request names, or null when the scheduler knows no such task
   */
  public static Verdict check(CertificateMessages.Request request, ExpectedNode expected,
      Sender sender) {
    if (expected == null || !expected.taskId().equals(request.taskId())) {
      return new Refuse("no node task " + request.taskId() + " is known to the scheduler");
    }
    if (!expected.agentId().equals(sender.agentId())
        || !expected.executorId().equals(sender.executorId())) {
      return new Refuse("task " + request.taskId() + " runs on agent " + expected.agentId()
          + " under executor " + expected.executorId() + ", the request came from agent "
          + sender.agentId() + " executor " + sender.executorId());
    }
    if (!TaskSecrets.matches(request.taskSecret(), expected.secretHash())) {
      return new Refuse("the request does not carry task " + request.taskId() + "'s secret");
    }
    PKCS10CertificationRequest csr;
    PublicKey key;
    try {
      csr = Pem.parseRequest(request.csrPem());
      key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        return new Refuse("the request's signature does not verify with its key");
      }
      ClusterCa.checkKey(key);
    } catch (IllegalArgumentException e) {
      return new Refuse("unusable certificate request: " + e.getMessage());
    } catch (Exception e) {
      return new Refuse("unreadable certificate request: " + e.getMessage());
    }
    String fingerprint = fingerprint(key);
    if (expected.certifiedKey() != null && !expected.certifiedKey().equals(fingerprint)) {
      return new Refuse("task " + request.taskId() + "'s secret was already used for another key;"
          + " a new key needs a new task");
    }
    SubjectNames requested;
    try {
      requested = requestedNames(csr);
    } catch (IllegalArgumentException e) {
      return new Refuse(e.getMessage());
    }
    if (!requested.dnsNames().contains(expected.hostname())) {
      return new Refuse("the request must name the agent's host " + expected.hostname()
          + "; it names " + requested);
    }
    Set<String> allowedIps = normalized(expected.ipAddresses());
    for (String dns : requested.dnsNames()) {
      if (!dns.equalsIgnoreCase(expected.hostname())) {
        return new Refuse("the request names host " + dns + "; only the agent's host "
            + expected.hostname() + " is allowed");
      }
    }
    for (String ip : requested.ipAddresses()) {
      if (!allowedIps.contains(normalize(ip))) {
        return new Refuse("the request names IP " + ip + "; the agent's addresses are "
            + expected.ipAddresses());
      }
    }
    return new Sign(key, new SubjectNames(List.of(expected.hostname()), requested.ipAddresses()),
        fingerprint);
  }

  /** The hex SHA-256 of a key's SubjectPublicKeyInfo. */
  public static String fingerprint(PublicKey key) {
    return HexFormat.of().formatHex(TaskSecrets.sha256(key.getEncoded()));
  }

  /** The subject alternative names a request asks for. */
  static SubjectNames requestedNames(PKCS10CertificationRequest csr) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      if (names == null) {
        continue;
      }
      for (GeneralName name : names.getNames()) {
        switch (name.getTagNo()) {
          case GeneralName.dNSName -> dns.add(name.getName().toString());
          case GeneralName.iPAddress -> ips.add(ipText(name));
          default -> throw new IllegalArgumentException("the request asks for a name of a kind"
              + " (" + name.getTagNo() + ") that node certificates do not carry");
        }
      }
    }
    return new SubjectNames(dns, ips);
  }

  private static String ipText(GeneralName name) {
    try {
      return InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets())
          .getHostAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("the request holds a malformed IP address");
    }
  }

  private static Set<String> normalized(List<String> ips) {
    Set<String> out = new LinkedHashSet<>();
    ips.forEach(ip -> out.add(normalize(ip)));
    return out;
  }

  /** One spelling per address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); no lookup. */
  private static String normalize(String ip) {
    if (!io.kafkamesos.commons.security.NodeKeys.isIpLiteral(ip)) {
      return ip;
    }
    try {
      return InetAddress.getByName(ip).getHostAddress();
    } catch (IOException e) {
      return ip;
    }
  }
}
