package io.kafkamesos.executor.security;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.message.Envelope;
import io.kafkamesos.commons.security.CertificateMessages;
import io.kafkamesos.commons.security.NodeKeys;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.NodeTlsSpec;
import io.kafkamesos.commons.security.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeCertificates} over Mesos messages: the node's key pair (EC P-256) is made here and
 * never leaves this process but for the key store written into the sandbox; the certificate
 * request ({@code certificate-request/1}, with the task's secret) goes to the scheduler as an
 * executor {@code MESSAGE} and again every {@link #RESEND} until the answer to it comes (Mesos
 * delivers messages best effort). Only an answer naming this task and this request counts; the
 * chain is checked against this key and the CAs it names before it becomes a key store.
 *
 * <p>Everything runs on the executor's action thread (the resends are scheduled there), so that
 * an exchange's state needs no lock.
 */
public final class CertificateExchange implements NodeCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateExchange.class);

  /** How long to wait for an answer before asking again. */
  public static final Duration RESEND = Duration.ofSeconds(5);

  /** Sends one executor {@code MESSAGE} to the scheduler. */
  @FunctionalInterface
  public interface Sender {
    void send(byte[] data);
  }

  private final Path dir;
  private final Sender sender;
  private final ScheduledExecutorService actions;
  private final Duration resend;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * @param dir where the key stores go (a directory of the task's sandbox)
   * @param actions the executor's action thread
   */
  public CertificateExchange(Path dir, Sender sender, ScheduledExecutorService actions,
      Duration resend, Clock clock, SecureRandom random) {
    this.dir = Objects.requireNonNull(dir);
    this.sender = Objects.requireNonNull(sender);
    this.actions = Objects.requireNonNull(actions);
    this.resend = Objects.requireNonNull(resend);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
  }

  @Override
  public Pending request(String taskId, BrokerTaskSpec spec, NodeTlsSpec tls, Outcome outcome) {
    String host = spec.advertisedHost();
    String ip;
    try {
      // the agent's own address for its host name (what clients reach the node at)
      ip = InetAddress.getByName(host).getHostAddress();
    } catch (IOException e) {
      outcome.failed("cannot resolve the agent's host " + host + " for the node's certificate: "
          + e.getMessage());
      return inert();
    }
    KeyPair keys = NodeKeys.generate(random);
    byte[] id = new byte[12];
    random.nextBytes(id);
    CertificateMessages.Request request = new CertificateMessages.Request(taskId,
        HexFormat.of().formatHex(id), tls.taskSecret(), Pem.request(NodeKeys.request(keys, host, ip)));
    Exchange exchange = new Exchange(spec.describe(), request, keys, outcome);
    exchange.send();
    return exchange;
  }

  private static Pending inert() {
    return new Pending() {
      @Override
      public boolean received(byte[] data) {
        return false;
      }

      @Override
      public void cancel() {
      }
    };
  }

  /** One request and its answer. */
  private final class Exchange implements Pending {
    private final String node;
    private final CertificateMessages.Request request;
    private final KeyPair keys;
    private final Outcome outcome;
    private ScheduledFuture<?> next;
    private boolean done;
    private int sent;

    Exchange(String node, CertificateMessages.Request request, KeyPair keys, Outcome outcome) {
      this.node = node;
      this.request = request;
      this.keys = keys;
      this.outcome = outcome;
    }

    void send() {
      if (done) {
        return;
      }
      sent++;
      try {
        sender.send(request.envelope().encode());
        if (sent == 1) {
          LOG.info("{}: certificate request {} sent to the scheduler", node, request.requestId());
        } else {
          LOG.info("{}: no answer to certificate request {} yet; sent it again ({} times)", node,
              request.requestId(), sent);
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot send certificate request {} now ({}); trying again in {} s", node,
            request.requestId(), e.getMessage(), resend.toSeconds());
      }
      next = actions.schedule(this::send, resend.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean received(byte[] data) {
      Optional<CertificateMessages.Message> message;
      try {
        message = Envelope.decode(data).flatMap(CertificateMessages::read);
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: dropping a malformed certificate answer: {}", node, e.getMessage());
        return false;
      }
      if (message.isEmpty() || !message.get().taskId().equals(request.taskId())
          || !message.get().requestId().equals(request.requestId())) {
        return false;
      }
      if (done) {
        return true; // a repeated answer to a request already answered
      }
      finish();
      if (message.get() instanceof CertificateMessages.Refused refused) {
        LOG.error("{}: the scheduler refused certificate request {}: {}", node,
            request.requestId(), refused.reason());
        outcome.failed("the scheduler refused the node's certificate request: " + refused.reason());
        return true;
      }
      CertificateMessages.Issued issued = (CertificateMessages.Issued) message.get();
      try {
        NodeKeystores.Stores stores = NodeKeystores.write(dir, keys.getPrivate(),
            Pem.parseCertificates(issued.chainPem()), Pem.parseCertificates(issued.trustedPem()),
            Date.from(clock.instant()), random);
        LOG.info("{}: certificate {} received; key stores written to {}", node,
            Pem.parseCertificates(issued.chainPem()).get(0).getSubjectX500Principal(), dir);
        outcome.certified(stores);
      } catch (IOException | RuntimeException e) {
        LOG.error("{}: the certificate from the scheduler cannot be used: {}", node, e.getMessage());
        outcome.failed("the node's certificate cannot be used: " + e.getMessage());
      }
      return true;
    }

    @Override
    public void cancel() {
      finish();
    }

    private void finish() {
      done = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }
}
