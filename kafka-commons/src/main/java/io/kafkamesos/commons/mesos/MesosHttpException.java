package io.kafkamesos.commons.mesos;

/** A Mesos HTTP endpoint refused a call: its status code and the message it gave. */
public final class MesosHttpException extends RuntimeException {
  private final int status;
  private final String body;

  public MesosHttpException(int status, String body) {
    super("HTTP " + status + ": " + body);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }
}
