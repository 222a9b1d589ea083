package io.kafkamesos.scheduler.settings;

/** One environment variable has a value the scheduler cannot run with; the message says which and why. */
public final class InvalidSettingException extends RuntimeException {

  private final String variable;

  public InvalidSettingException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
