package io.kafkamesos.local.master;

/** The HTTP answer to a non-SUBSCRIBE call: status and plain-text body (null for none). */
public record CallResult(int status, String body) {

  static final CallResult ACCEPTED = new CallResult(202, null);
  static final CallResult OK = new CallResult(200, null);

  static CallResult badRequest(String message) {
    return new CallResult(400, message);
  }

  static CallResult forbidden(String message) {
    return new CallResult(403, message);
  }
}
