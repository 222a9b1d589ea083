package io.kafkamesos.scheduler.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a change of the security options needs, as a pure plan: the listener targets to roll the
 * nodes through, in order, so that clients always have a listener they can use. Switching TLS on
 * for a running cluster is:
 *
 * <ol>
 *   <li>{@code add-secure-listeners}: CLIENT and INTERNAL beside PLAINTEXT; brokers still talk on
 *       PLAINTEXT (a broker not rolled yet has no INTERNAL listener);
 *   <li>{@code move-inter-broker}: brokers talk on INTERNAL (every broker has it now);
 *   <li>{@code enable-authorizer} (with {@code authorization}): only once no broker talks to
 *       another on PLAINTEXT, where it would be {@code User:ANONYMOUS} and denied;
 *   <li>{@code remove-plaintext} (without {@code allow-plaintext}): waits for the operator
 *       ({@code plan continue}) so that clients move to the secure listener first.
 * </ol>
 *
 * The plan work executes the stages; each is one roll. Not offered yet, and refused with the
 * reason: switching TLS off, changing the client authentication of a secure cluster, and switching
 * TLS on for a running KRaft cluster (its controllers' quorum listener would change protocol).
 */
public final class ListenerPlan {

  private ListenerPlan() {
  }

  /**
   * One roll.
   *
   * @param name the stage's name, for the plan ({@code add-secure-listeners}, ...)
   * @param description what it does, in words
   * @param target what the nodes run once rolled
   * @param waitsForOperator whether the stage starts only when the operator says so
   */
  public record Stage(String name, String description, ListenerTarget target, boolean waitsForOperator) {
    public Stage {
      Objects.requireNonNull(name);
      Objects.requireNonNull(description);
      Objects.requireNonNull(target);
    }
  }

  /** The plan: stages to roll, or why the change is refused. */
  public sealed interface Outcome permits Stages, Refused {
  }

  /** The rolls, in order; empty when the nodes run the target already. */
  public record Stages(List<Stage> stages) implements Outcome {
    public Stages {
      stages = List.copyOf(stages);
    }
  }

  /** The change cannot be made on a running cluster (yet); the reason names the options. */
  public record Refused(String reason) implements Outcome {
  }

  /**
   * The stages from what the nodes run to {@code desired}.
   *
   * @param current the target the nodes run ({@link ListenerTarget#PLAINTEXT} for a cluster
   *     installed without security)
   * @param desired the target of the new settings ({@link SecuritySettings#listenerTarget()})
   */
  public static Outcome plan(ListenerTarget current, ListenerTarget desired, KafkaMode mode) {
    if (current.equals(desired)) {
      return new Stages(List.of());
    }
    if (current.secure() && !desired.secure()) {
      return new Refused("turning TLS off (TLS_ENABLED=FALSE) for a running cluster is not supported"
          + " yet; keep TLS_ENABLED=TRUE (ALLOW_PLAINTEXT=TRUE adds a PLAINTEXT listener back)");
    }
    if (current.secure() && current.authentication() != desired.authentication()) {
      return new Refused("changing AUTHENTICATION from " + current.authentication().option() + " to "
          + desired.authentication().option() + " on a running cluster is not supported yet: the"
          + " CLIENT listener's clients would lose it during the roll");
    }
    if (!current.secure() && mode == KafkaMode.KRAFT) {
      return new Refused("turning TLS on for a running KRaft cluster is not supported yet: its"
          + " controllers' quorum listener would change protocol; install it with TLS_ENABLED=TRUE");
    }
    List<Stage> stages = new ArrayList<>();
    ListenerTarget at = current;
    if (desired.plaintext() && !at.plaintext()) {
      at = at.withPlaintext(true);
      stages.add(new Stage("add-plaintext", "add a PLAINTEXT listener beside the secure ones", at, false));
    }
    if (!at.secure()) {
      at = at.withSecure(desired.authentication());
      stages.add(new Stage("add-secure-listeners", "add the CLIENT ("
          + ListenerConfig.protocol(Listener.CLIENT, at) + ") and INTERNAL (SSL) listeners beside"
          + " PLAINTEXT; brokers keep talking on PLAINTEXT", at, false));
    }
    if (!at.interBrokerSecure()) {
      at = at.withInterBrokerSecure();
      stages.add(new Stage("move-inter-broker", "brokers talk to each other on INTERNAL (TLS,"
          + " certificates)", at, false));
    }
    if (at.authorizer() != desired.authorizer() || !at.superUsers().equals(desired.superUsers())) {
      boolean was = at.authorizer();
      at = at.withAuthorizer(desired.authorizer(), desired.superUsers());
      String name = !desired.authorizer() ? "disable-authorizer" : was ? "update-super-users" : "enable-authorizer";
      String what = !desired.authorizer() ? "stop Kafka's ACL authorizer: every client may do anything"
          : "run Kafka's ACL authorizer with super users " + desired.superUsers()
              + " besides the nodes and the scheduler" + (at.plaintext()
                  ? "; PLAINTEXT clients are User:ANONYMOUS and get only what ACLs grant it" : "");
      stages.add(new Stage(name, what, at, false));
    }
    if (!desired.plaintext() && at.plaintext()) {
      at = at.withPlaintext(false);
      stages.add(new Stage("remove-plaintext", "remove the PLAINTEXT listener once every client uses"
          + " CLIENT (waits for plan continue)", at, true));
    }
    if (!at.equals(desired)) {
      throw new IllegalStateException("the plan from " + current + " ends at " + at + ", not " + desired);
    }
    return new Stages(stages);
  }
}
