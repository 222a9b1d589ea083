package io.kafkamesos.scheduler.plan;

import java.util.Objects;

/** Whether something may go ahead, and if not, why (for logs, the plan and the operator). */
public record Verdict(boolean allowed, String reason) {

  private static final Verdict YES = new Verdict(true, "");

  public Verdict {
    Objects.requireNonNull(reason);
  }

  public static Verdict allow() {
    return YES;
  }

  public static Verdict refuse(String reason) {
    return new Verdict(false, reason);
  }
}
