package io.kafkamesos.scheduler.core;

import io.kafkamesos.scheduler.kraft.ClusterLayout;
import io.kafkamesos.scheduler.kraft.QuorumView;
import io.kafkamesos.scheduler.kraft.QuorumWatch;
import io.kafkamesos.scheduler.state.BrokerRecord;
import io.kafkamesos.scheduler.state.KraftState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller operations of the HTTP API, without HTTP: the quorum as the scheduler placed it
 * and as Kafka describes it, a controller's restart and its replacement. Restarts run on the
 * scheduler's {@link EventLoop}.
 */
public final class ControllerService {

  /**
   * One controller in {@code GET /v1/controllers}.
   *
   * @param id its node id
   * @param address its controller listener ({@code host:port}), null before it has resources
   * @param state its task's state as the scheduler knows it
   * @param taskId its latest task, or null
   * @param role {@code leader}, {@code voter} or {@code observer} in Kafka's quorum, {@code absent}
   *     when the quorum does not list it, null when the quorum cannot be described
   * @param directoryId its metadata directory id in the quorum, or null
   * @param lag how many records it is behind the leader, or null when unknown
   */
  public record Controller(int id, String address, String state, String taskId, String role,
      String directoryId, Long lag) {
  }

  /**
   * {@code GET /v1/controllers}.
   *
   * @param clusterId the KRaft cluster id
   * @param quorum {@code static} or {@code dynamic}
   * @param leader the quorum's leader, or null when unknown
   * @param problem why the quorum cannot be described now, or null
   */
  public record Quorum(String clusterId, String quorum, Integer leader, List<Controller> controllers,
      String problem) {
    public Quorum {
      controllers = List.copyOf(controllers);
    }
  }

  /** What {@code PUT /v1/controllers/{id}/replace} answers. */
  public record Replacement(int controller, String taskId, String message) {
  }

  private final BrokerScheduler scheduler;
  private final EventLoop loop;
  private final QuorumWatch watch;

  /** @param watch the quorum's watch, or null in ZooKeeper mode */
  public ControllerService(BrokerScheduler scheduler, EventLoop loop, QuorumWatch watch) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.loop = Objects.requireNonNull(loop);
    this.watch = watch;
  }

  /**
   * The controllers: where the scheduler runs them, and their place in Kafka's quorum.
   *
   * @throws BrokerNotFoundException in ZooKeeper mode (there are none)
   */
  public Quorum quorum() {
    ClusterLayout layout = scheduler.layout();
    KraftState state = scheduler.kraftState().orElseThrow(() -> new BrokerNotFoundException(
        "the cluster runs in ZooKeeper mode and has no controllers of its own"));
    QuorumWatch.Snapshot snapshot = watch == null ? QuorumWatch.Snapshot.NONE : watch.latest();
    Optional<QuorumView> view = snapshot.quorum();
    List<Controller> controllers = new ArrayList<>();
    for (int id : layout.controllerIds()) {
      BrokerRecord r = scheduler.view().records().get(id);
      String address = r == null || r.reservation() == null ? null
          : r.reservation().hostname() + ":" + r.reservation().port();
      String role = null;
      String directory = null;
      Long lag = null;
      if (view.isPresent()) {
        QuorumView q = view.get();
        Optional<QuorumView.Replica> voter = q.voter(id);
        Optional<QuorumView.Replica> replica = voter.or(() -> q.observer(id));
        role = q.leaderId() == id ? "leader" : voter.isPresent() ? "voter"
            : replica.isPresent() ? "observer" : "absent";
        directory = replica.map(QuorumView.Replica::directoryId).orElse(null);
        long l = replica.map(q::lag).orElse(-1L);
        lag = l < 0 ? null : l;
      }
      controllers.add(new Controller(id, address, r == null ? "PENDING" : r.state().name(),
          r == null ? null : r.taskId(), role, directory, lag));
    }
    return new Quorum(state.clusterId(), state.quorum().name().toLowerCase(java.util.Locale.ROOT),
        view.filter(QuorumView::hasLeader).map(QuorumView::leaderId).orElse(null), controllers,
        view.isPresent() ? null : snapshot.error());
  }

  /** The controllers' {@code host:port}, as the nodes are told them (empty in ZooKeeper mode). */
  public List<String> addresses() {
    return io.kafkamesos.scheduler.kraft.Endpoints.controllers(scheduler.view().records().values());
  }

  /** Restarts one controller once the quorum allows it; answers the task id it will run as. */
  public List<String> restart(int id) {
    return loop.call(() -> scheduler.restartController(id));
  }

  /** Replaces a controller (dynamic quorums): a new node on a new volume, swapped in as a voter. */
  public Replacement replace(int id, boolean force) {
    String taskId = loop.call(() -> scheduler.replaceController(id, force));
    return new Replacement(id, taskId, "controller " + id + " launches as " + taskId + " on another"
        + " agent with a new volume; it joins the quorum as an observer and, once caught up, the"
        + " scheduler removes its old replica from the voters and adds the new one (see"
        + " GET /v1/controllers)");
  }
}
