package io.kafkamesos.scheduler.security;

import io.kafkamesos.scheduler.state.PlanProgress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turning TLS on for a running ZooKeeper-mode cluster as data (issue 15): which rolls, what each
 * broker runs while they go, which ports its listeners take, and which listeners the scheduler
 * and clients may use at each moment. Pure; the plan's shell is to run the stages of
 * {@link ListenerPlan} as one roll each (phase name = stage name, step id
 * {@code <stage>-<broker id>}, as every roll of {@code io.kafkamesos.scheduler.plan.Plans}), and
 * to ask this class, from the stored {@link PlanProgress}, what to launch a broker with, so that a
 * scheduler that takes over in the middle of the switch resumes it where it was.
 *
 * <p><b>Ports.</b> A broker switched on keeps the port the scheduler recorded for it as its
 * PLAINTEXT listener (its clients' and the other brokers' address of it does not move), and its
 * CLIENT and INTERNAL listeners never take a port that any broker records as its PLAINTEXT one (a
 * plaintext Kafka client that reached a TLS port would read the handshake as a response size and
 * run out of heap). A broker takes {@value #PORTS} ports in {@link #PORT_ORDER} from the first
 * stage on, chosen by the offer evaluator ({@code PortChoice}): its recorded port, and the two
 * after it where they are free, else two other free ones ({@link #ports(ListenerTarget, List)}
 * maps them); when its recorded port is not free it waits for an offer that has it. A broker
 * with a reservation would have to reserve the two it lacks ({@link #portsToReserve}; not built,
 * so a {@code BROKER_PV} cluster is refused). This is not the layout of a cluster installed with
 * TLS ({@link NodeTlsLayout}: CLIENT first, consecutive).
 *
 * <p><b>Which listener to use.</b> Kafka answers a metadata request with the brokers that have the
 * listener the request arrived on, so a client of a listener only some brokers have would lose the
 * others: the scheduler's own clients and {@code /v1/connection} use a listener only once every
 * broker has it ({@link #schedulerListener}, {@link #clientListeners}).
 *
 * <p><b>Dropping PLAINTEXT</b> is the operator's word: the {@code remove-plaintext} stage (present
 * when {@code ALLOW_PLAINTEXT=FALSE}) waits for {@code plan continue}, whether the scheduler was
 * restarted with {@code ALLOW_PLAINTEXT=FALSE} right away or later.
 */
public final class SwitchOn {

  /** The ports' order of a broker whose cluster was switched on: PLAINTEXT keeps the first. */
  public static final List<Listener> PORT_ORDER =
      List.of(Listener.PLAINTEXT, Listener.CLIENT, Listener.INTERNAL);
  /** How many consecutive ports a switched broker takes, from the first stage on. */
  public static final int PORTS = 3;

  private static final Set<String> STARTED = Set.of("IN_PROGRESS", "COMPLETE", "ERROR");

  private SwitchOn() {
  }

  /**
   * The rolls from {@code current} to {@code wanted}, or why they are refused: TLS off, a change of
   * authentication of a secure cluster, a KRaft cluster (all {@link ListenerPlan}'s), or a change
   * of where the CA comes from.
   */
  public static ListenerPlan.Outcome plan(SecurityTarget current, SecurityTarget wanted, KafkaMode mode) {
    Objects.requireNonNull(current);
    Objects.requireNonNull(wanted);
    if (current.tls() && wanted.tls() && current.operatorCa() != wanted.operatorCa()) {
      return new ListenerPlan.Refused("changing where the cluster CA comes from (TLS_CA_CERT_FILE: "
          + (current.operatorCa() ? "set" : "unset") + " -> " + (wanted.operatorCa() ? "set" : "unset")
          + ") on a running cluster is not supported yet: its nodes' certificates would no longer"
          + " be trusted");
    }
    return ListenerPlan.plan(NodeTlsLayout.listenerTarget(current),
        NodeTlsLayout.listenerTarget(wanted), mode);
  }

  /**
   * Why a running cluster's security options cannot go from {@code current} to {@code wanted}
   * now, or empty when the switch (or nothing) may be planned. Besides {@link #plan}'s refusals: a
   * cluster installed with TLS keeps {@link SecurityTarget#refusal}'s (its ports are laid out
   * otherwise); a {@code BROKER_PV} cluster's brokers
   * would have to reserve the two ports they lack ({@link #portsToReserve}), which is not built;
   * and a switch under way takes no new change until its plan is complete. A plaintext cluster
   * without reservations may be switched on with PLAINTEXT kept: each broker keeps its recorded
   * port as PLAINTEXT and takes two TLS ports that are no broker's PLAINTEXT port (the offer
   * evaluator's {@code PortChoice}). PLAINTEXT is removed (without {@code ALLOW_PLAINTEXT}) by
   * the last stage, {@code remove-plaintext}, which waits for {@code plan continue}: a broker
   * keeps its recorded port, on which nothing listens any more, and its executor probes its first
   * TLS listener instead.
   *
   * @param pv whether the brokers have reservations ({@code BROKER_PV})
   * @param underWay why a switch under way holds the change back, empty when the cluster is settled
   */
  public static Optional<String> refusal(SecurityTarget current, SecurityTarget wanted,
      KafkaMode mode, boolean pv, Optional<String> underWay) {
    if (SecurityTarget.sameOptions(current, wanted)) {
      return Optional.empty();
    }
    if (current.tls() && !current.switched()) {
      return SecurityTarget.refusal(current, wanted);
    }
    if (plan(current, wanted, mode) instanceof ListenerPlan.Refused refused) {
      return Optional.of(refused.reason());
    }
    if (underWay.isPresent()) {
      return underWay;
    }
    if (pv && !current.tls()) {
      return Optional.of("turning TLS on for a running BROKER_PV cluster is not supported yet: each"
          + " broker's reservation holds one port and a switched broker needs " + PORTS
          + " (reserving the two it lacks is not built); it keeps running without TLS. A cluster"
          + " without BROKER_PV can be switched on with ALLOW_PLAINTEXT=TRUE");
    }
    return Optional.empty();
  }

  /** The rolls from {@code from} to {@code to}, which {@link #refusal} allowed. */
  public static List<ListenerPlan.Stage> stages(SecurityTarget from, SecurityTarget to) {
    ListenerPlan.Outcome outcome = plan(from, to, KafkaMode.ZOOKEEPER);
    if (outcome instanceof ListenerPlan.Refused refused) {
      throw new IllegalArgumentException("no switch from " + from + " to " + to + ": "
          + refused.reason());
    }
    return ((ListenerPlan.Stages) outcome).stages();
  }

  /**
   * The broker properties a stage's roll pins on top of the target's overrides: its listener
   * properties that are the same on every broker (all but {@code listeners} and
   * {@code advertised.listeners}). They make each stage a spec of its own, so that a broker's
   * {@code configId} says which stage it runs; its TLS task data sets them again, with the rest.
   */
  public static Map<String, String> pins(ListenerTarget target, String frameworkName) {
    Map<String, String> pins = new java.util.TreeMap<>(ListenerConfig.properties(target,
        NodeKind.BROKER, KafkaMode.ZOOKEEPER, "broker", ports(target, 1), frameworkName));
    pins.remove("listeners");
    pins.remove("advertised.listeners");
    return pins;
  }

  /**
   * What broker {@code brokerId} runs, or is to be launched with, as far as {@code progress}
   * says: the target of the last stage that started its step (a broker whose step started is
   * killed and relaunched with that stage's target, even when the scheduler failed over in
   * between), or the target of every stage complete; {@code from} before any.
   */
  public static ListenerTarget brokerTarget(ListenerTarget from, List<ListenerPlan.Stage> stages,
      PlanProgress progress, int brokerId) {
    Objects.requireNonNull(from);
    Objects.requireNonNull(progress);
    ListenerTarget at = from;
    for (ListenerPlan.Stage stage : stages) {
      PlanProgress.StepRecord step = progress.steps().get(stepId(stage, brokerId));
      boolean started = step != null && STARTED.contains(step.status());
      if (progress.completePhases().contains(stage.name()) || started) {
        at = stage.target();
      } else {
        // rolls run one stage after the other: a later one has not reached this broker either
        break;
      }
    }
    return at;
  }

  /** The stage the plan is at: the first not complete, empty when every one is. */
  public static Optional<ListenerPlan.Stage> currentStage(List<ListenerPlan.Stage> stages,
      PlanProgress progress) {
    return stages.stream().filter(s -> !progress.completePhases().contains(s.name())).findFirst();
  }

  /**
   * Whether {@code stage} may start rolling: every stage before it is complete and, for a stage
   * that waits for the operator, its gate was passed ({@code plan continue}).
   */
  public static boolean mayStart(ListenerPlan.Stage stage, List<ListenerPlan.Stage> stages,
      PlanProgress progress) {
    for (ListenerPlan.Stage before : stages) {
      if (before.equals(stage)) {
        return !stage.waitsForOperator() || progress.passedGates().contains(stage.name());
      }
      if (!progress.completePhases().contains(before.name())) {
        return false;
      }
    }
    throw new IllegalArgumentException("stage " + stage.name() + " is not one of the plan's");
  }

  /** The step of {@code brokerId} in {@code stage}: {@code add-secure-listeners-0}. */
  public static String stepId(ListenerPlan.Stage stage, int brokerId) {
    return stage.name() + "-" + brokerId;
  }

  /**
   * The port of each listener {@code target} has, for a broker whose recorded port is
   * {@code firstPort}: the same place in {@link #PORT_ORDER} at every stage.
   */
  public static Map<Listener, Integer> ports(ListenerTarget target, int firstPort) {
    return ports(target, java.util.stream.IntStream.range(0, PORTS).mapToObj(i -> firstPort + i)
        .toList());
  }

  /**
   * The port of each listener {@code target} has, for a broker that took {@code ports} (one per
   * listener of {@link #PORT_ORDER}, in that order: the offer evaluator chooses them).
   */
  public static Map<Listener, Integer> ports(ListenerTarget target, List<Integer> ports) {
    if (ports.size() != PORTS) {
      throw new IllegalArgumentException("a switched broker takes " + PORTS + " ports, not " + ports);
    }
    Set<Listener> has = ListenerConfig.listeners(target, NodeKind.BROKER, KafkaMode.ZOOKEEPER);
    Map<Listener, Integer> out = new EnumMap<>(Listener.class);
    for (int i = 0; i < PORT_ORDER.size(); i++) {
      if (has.contains(PORT_ORDER.get(i))) {
        out.put(PORT_ORDER.get(i), ports.get(i));
      }
    }
    return out;
  }

  /**
   * The ports a broker with a reservation must reserve beside what it holds before its first
   * switched launch: those of its {@value #PORTS} from {@code firstPort} it does not hold yet (an
   * offer of its agent without them free leaves it waiting, saying which).
   *
   * @param held the ports its reservation holds
   */
  public static List<Integer> portsToReserve(int firstPort, Collection<Integer> held) {
    List<Integer> missing = new java.util.ArrayList<>();
    for (int port = firstPort; port < firstPort + PORTS; port++) {
      if (!held.contains(port)) {
        missing.add(port);
      }
    }
    return missing;
  }

  /**
   * The listener the scheduler's admin and producer clients connect to: INTERNAL (with its client
   * certificate) once every broker has it, PLAINTEXT before.
   *
   * @param brokers what each broker runs ({@link #brokerTarget})
   */
  public static Listener schedulerListener(Collection<ListenerTarget> brokers) {
    if (!brokers.isEmpty() && brokers.stream().allMatch(ListenerTarget::secure)) {
      return Listener.INTERNAL;
    }
    if (brokers.stream().allMatch(ListenerTarget::plaintext)) {
      return Listener.PLAINTEXT;
    }
    // ListenerPlan removes PLAINTEXT only after every broker has the secure listeners
    throw new IllegalStateException("no listener every broker has: " + brokers);
  }

  /**
   * The client listeners every broker has, CLIENT first: what {@code /v1/connection} lists in
   * {@code listeners} (by {@link ListenerConfig#protocol}), the first of which is its
   * {@code brokers}.
   */
  public static List<Listener> clientListeners(Collection<ListenerTarget> brokers) {
    boolean secure = !brokers.isEmpty() && brokers.stream().allMatch(ListenerTarget::secure);
    boolean plaintext = brokers.isEmpty() || brokers.stream().allMatch(ListenerTarget::plaintext);
    if (secure && plaintext) {
      return List.of(Listener.CLIENT, Listener.PLAINTEXT);
    }
    return secure ? List.of(Listener.CLIENT) : List.of(Listener.PLAINTEXT);
  }

  /**
   * The target every broker runs, or empty while a stage is half rolled: a new change of the
   * security options is planned from a settled cluster only (the shell refuses one meanwhile, as a
   * migration does).
   */
  public static Optional<ListenerTarget> settled(Collection<ListenerTarget> brokers) {
    return brokers.stream().distinct().count() == 1 ? brokers.stream().findFirst() : Optional.empty();
  }
}
