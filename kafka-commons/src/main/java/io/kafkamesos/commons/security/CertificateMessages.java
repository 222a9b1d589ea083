package io.kafkamesos.commons.security;

import io.kafkamesos.commons.message.Envelope;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificate exchange between a node's executor and the scheduler, in {@link Envelope}s over
 * Mesos messages. The executor sends a {@link Request} (again every few seconds until it has an
 * answer: Mesos may lose messages); the scheduler answers each with an {@link Issued} or a
 * {@link Refused} carrying the request's id, and the executor takes only the answer to its latest
 * request.
 */
public final class CertificateMessages {

  public static final String REQUEST = "certificate-request/1";
  public static final String ISSUED = "certificate/1";
  public static final String REFUSED = "certificate-refused/1";

  private CertificateMessages() {
  }

  /** One message of the exchange. */
  public sealed interface Message permits Request, Issued, Refused {
    String taskId();

    String requestId();

    Envelope envelope();
  }

  /**
   * Executor to scheduler: sign this request.
   *
   * @param taskId the task the executor runs (the scheduler checks it against the sender's agent
   *     and executor ids that Mesos puts in the event)
   * @param requestId random, chosen by the executor for this key, echoed in the answer
   * @param taskSecret the one-time secret the scheduler put in this task's data
   * @param csrPem the PKCS#10 request ({@link NodeKeys#request}) as PEM
   */
  public record Request(String taskId, String requestId, String taskSecret, String csrPem)
      implements Message {

    public Request {
      Objects.requireNonNull(taskId);
      Objects.requireNonNull(requestId);
      Objects.requireNonNull(taskSecret);
      Objects.requireNonNull(csrPem);
    }

    @Override
    public Envelope envelope() {
      return new Envelope(REQUEST, Map.of("task.id", taskId, "request.id", requestId,
          "task.secret", taskSecret, "csr", csrPem));
    }

    /** Hides the secret. */
    @Override
    public String toString() {
      return "CertificateRequest[task=" + taskId + ", request=" + requestId + "]";
    }
  }

  /**
   * Scheduler to executor: the certificate.
   *
   * @param chainPem the node's certificate, then the CA's, as PEM
   * @param trustedPem every CA certificate the node must trust (two while a CA is renewed)
   */
  public record Issued(String taskId, String requestId, String chainPem, String trustedPem)
      implements Message {

    public Issued {
      Objects.requireNonNull(taskId);
      Objects.requireNonNull(requestId);
      Objects.requireNonNull(chainPem);
      Objects.requireNonNull(trustedPem);
    }

    @Override
    public Envelope envelope() {
      return new Envelope(ISSUED, Map.of("task.id", taskId, "request.id", requestId,
          "chain", chainPem, "trusted", trustedPem));
    }
  }

  /**
   * Scheduler to executor: not signed, and why (the executor reports it in its task status).
   */
  public record Refused(String taskId, String requestId, String reason) implements Message {

    public Refused {
      Objects.requireNonNull(taskId);
      Objects.requireNonNull(requestId);
      Objects.requireNonNull(reason);
    }

    @Override
    public Envelope envelope() {
      return new Envelope(REFUSED, Map.of("task.id", taskId, "request.id", requestId,
          "reason", reason));
    }
  }

  /**
   * The exchange's message in an envelope.
   *
   * @return empty for an envelope of another type (metrics, ...)
   * @throws IllegalArgumentException for a message of this exchange that lacks a field
   */
  public static Optional<Message> read(Envelope envelope) {
    return switch (envelope.type()) {
      case REQUEST -> Optional.of(new Request(envelope.required("task.id"),
          envelope.required("request.id"), envelope.required("task.secret"),
          envelope.required("csr")));
      case ISSUED -> Optional.of(new Issued(envelope.required("task.id"),
          envelope.required("request.id"), envelope.required("chain"),
          envelope.required("trusted")));
      case REFUSED -> Optional.of(new Refused(envelope.required("task.id"),
          envelope.required("request.id"), envelope.required("reason")));
      default -> Optional.empty();
    };
  }
}
