package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three masters, one leader (docs/high-availability.md): each master joins ZooKeeper's
 * {@code /mesos} with an ephemeral sequential {@code json.info_<seq>} holding its MasterInfo as
 * JSON and the lowest sequence leads; the others answer the scheduler API and {@code /state}
 * with 307 and the leader in {@code Location} (src/master/http.cpp {@code redirect}: a
 * scheme-relative {@code //host:port/master/<path>}), or 503 when they know no leader;
 * {@code /health} answers on every master. When the leader dies, its streams close and its entry
 * vanishes, another master leads with its own id, agents re-register with it with their tasks and
 * resend their unacknowledged updates, and a framework that subscribes again with its id finds
 * its running task there.
 */
class MasterFailoverIT {

  @RegisterExtension
  static final LocalCluster cluster = LocalCluster.perClass(config -> config.withAgents(2)
      .withMasters(3).withStatusUpdateRetryInterval(Duration.ofSeconds(1))
      .withAgentReregisterTimeout(Duration.ofSeconds(8)));

  @AfterEach
  void everyMasterAndAgentRuns() throws Exception {
    cluster.startStoppedAgents();
    if (!cluster.mesos().zooKeeperServing()) {
      cluster.mesos().startZooKeeper();
    }
    for (int i = 0; i < 3; i++) {
      try {
        cluster.mesos().startMaster(i);
      } catch (IllegalStateException running) {
        // it runs
      }
    }
    cluster.mesos().awaitLeadingMaster(TIMEOUT);
  }

  @Test
  void everyMasterIsInZooKeeperAndTheLowestSequenceLeads() throws Exception {
    List<Member> members = members();
    assertThat(members).hasSize(3);
    assertThat(members).allSatisfy(m -> {
      assertThat(m.name()).matches("json\\.info_\\d{10}");
      assertThat(m.info().get("hostname").getAsString()).isEqualTo("127.0.0.1");
      assertThat(m.info().get("id").getAsString()).isNotBlank();
      assertThat(m.info().get("pid").getAsString())
          .isEqualTo("master@127.0.0.1:" + m.info().get("port").getAsInt());
      assertThat(m.info().getAsJsonObject("address").get("port").getAsInt())
          .isEqualTo(m.info().get("port").getAsInt());
      // Mesos stores the IPv4 address in network byte order (MESOS-1201)
      assertThat(m.info().get("ip").getAsLong()).isEqualTo(16777343L);
    });
    assertThat(members.stream().map(m -> "http://127.0.0.1:" + m.info().get("port").getAsInt()))
        .containsExactlyInAnyOrderElementsOf(cluster.mesos().masterUrls());
    Member lowest = members.get(0);
    assertThat("http://127.0.0.1:" + lowest.info().get("port").getAsInt())
        .isEqualTo(cluster.masterUrl());
    JsonObject state = cluster.state().json();
    assertThat(state.get("id").getAsString()).isEqualTo(lowest.info().get("id").getAsString());
    assertThat(cluster.mesos().zkMasterUrl())
        .isEqualTo("zk://" + cluster.mesos().zkConnect() + "/mesos");
  }

  @Test
  void aMasterThatDoesNotLeadRedirectsToTheLeader() {
    String leader = cluster.masterUrl();
    String hostPort = leader.substring("http:".length());
    for (String other : nonLeaders()) {
      byte[] subscribe = Calls.subscribe("redirected", "redirect-role").toByteArray();
      for (String path : List.of("/api/v1/scheduler", "/master/api/v1/scheduler")) {
        HttpResponse<String> response = post(other + path, subscribe);
        assertThat(response.statusCode()).as(other + path).isEqualTo(307);
        assertThat(response.headers().firstValue("Location"))
            .contains(hostPort + "/master/api/v1/scheduler");
      }
      // any call, even one the leader would refuse: the redirect comes first
      HttpResponse<String> get = get(other + "/api/v1/scheduler");
      assertThat(get.statusCode()).isEqualTo(307);
      for (String path : List.of("/state", "/master/state", "/state.json")) {
        HttpResponse<String> state = get(other + path + "?jsonp=x");
        assertThat(state.statusCode()).as(other + path).isEqualTo(307);
        assertThat(state.headers().firstValue("Location")).contains(hostPort + "/master"
            + path.replace("/master", "") + "?jsonp=x");
      }
      assertThat(get(other + "/health").statusCode()).isEqualTo(200);
      assertThat(get(other + "/redirect").headers().firstValue("Location")).contains(hostPort);
    }
    assertThat(get(leader + "/health").statusCode()).isEqualTo(200);
    assertThat(get(leader + "/state").statusCode()).isEqualTo(200);
    // the scheduler API of the leader answers itself
    assertThat(get(leader + "/api/v1/scheduler").statusCode()).isEqualTo(405);
  }

  @Test
  void aMasterThatKnowsNoLeaderAnswers503() throws Exception {
    int standby = nonLeaderIndexes().get(0);
    cluster.mesos().stopMaster(standby);
    cluster.mesos().stopZooKeeper();
    // a new master process that cannot reach ZooKeeper knows no leader
    cluster.mesos().startMaster(standby);
    String url = cluster.mesos().masterUrls().get(standby);
    HttpResponse<String> response = post(url + "/api/v1/scheduler",
        Calls.subscribe("early", "early-role").toByteArray());
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("No leader elected");
    assertThat(get(url + "/state").statusCode()).isEqualTo(503);
    assertThat(get(url + "/health").statusCode()).isEqualTo(200);

    cluster.mesos().startZooKeeper();
    Poll.until("the new master learns the leader", TIMEOUT,
        () -> get(url + "/state").statusCode() == 307);
  }

  @Test
  void afterTheLeaderDiesFrameworksAndAgentsFollowTheNewOne() throws Exception {
    TestFramework framework = cluster.framework("survivor",
        b -> b.role("failover-role").failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = framework.frameworkId();
    String oldMasterId = framework.awaitEvent(Event.Type.SUBSCRIBED, e -> true, TIMEOUT)
        .getSubscribed().getMasterInfo().getId();
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    Offer offer = offers.get(0);
    Offer stale = offers.get(1);
    TaskInfo task = TestTasks.task("outlives-the-master", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(task)));
    long pid = TestExecutor.pidIn(framework.awaitUpdate(0, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT)).orElseThrow();
    cluster.track(framework.executorPids());
    String oldMember = members().get(0).name();

    int old = cluster.mesos().stopLeadingMaster();
    Poll.until("the framework cut off from the dead leader", TIMEOUT,
        () -> !framework.isConnected());
    int elected = cluster.mesos().awaitLeadingMaster(TIMEOUT);
    assertThat(elected).isNotEqualTo(old);
    List<Member> members = members();
    assertThat(members).hasSize(2).noneMatch(m -> m.name().equals(oldMember));
    assertThat("http://127.0.0.1:" + members.get(0).info().get("port").getAsInt())
        .isEqualTo(cluster.masterUrl());
    framework.close();

    // the scheduler subscribes to the new leader with its framework id
    TestFramework back = cluster.framework("survivor", b -> b.role("failover-role")
        .frameworkId(id).failoverTimeout(Duration.ofMinutes(10)));
    Event subscribed = back.awaitEvent(Event.Type.SUBSCRIBED, e -> true, TIMEOUT);
    assertThat(subscribed.getSubscribed().getFrameworkId()).isEqualTo(id);
    assertThat(subscribed.getSubscribed().getMasterInfo().getId()).isNotEqualTo(oldMasterId)
        .isEqualTo(members.get(0).info().get("id").getAsString());

    // its task is there: the agents re-registered with it
    MasterState state = cluster.state();
    assertThat(state.agents()).hasSize(2);
    assertThat(MasterState.objects(state.framework(id.getValue()).orElseThrow()
        .getAsJsonArray("tasks"))).singleElement().satisfies(t -> {
          assertThat(MasterState.string(t, "id")).isEqualTo(task.getTaskId().getValue());
          assertThat(MasterState.string(t, "state")).isEqualTo("TASK_RUNNING");
        });
    int mark = back.mark();
    back.reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(task.getTaskId())
        .setAgentId(offer.getAgentId()).build()));
    TaskStatus reconciled = back.awaitEvent(mark, Event.Type.UPDATE,
        e -> e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        TIMEOUT).getUpdate().getStatus();
    assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(LocalCluster.isAlive(pid)).as("the executor was never restarted").isTrue();

    // offers of the dead leader are gone with it
    TaskInfo late = TestTasks.task("on-an-offer-of-the-dead-leader", stale, Map.of());
    int beforeStale = back.mark();
    back.accept(stale, List.of(TestTasks.launch(late)));
    TaskStatus dropped = back.awaitAnyUpdate(beforeStale, late.getTaskId(), TIMEOUT);
    assertThat(dropped.getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(dropped.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);

    // the agent takes orders from the new leader
    int beforeKill = back.mark();
    back.kill(task.getTaskId(), offer.getAgentId());
    TaskStatus killed = back.awaitUpdate(beforeKill, task.getTaskId(), TaskState.TASK_KILLED,
        TIMEOUT);
    assertThat(killed.getMessage()).contains("pid=" + pid);
  }

  /**
   * A leader that crashes (kill -9) does not close its ZooKeeper session: its entry stays, and the
   * others keep redirecting to it, until ZooKeeper expires the session (10 s); then the next one
   * leads.
   */
  @Test
  void aCrashedLeaderStaysNamedUntilItsSessionExpires() throws Exception {
    String leader = cluster.masterUrl();
    String oldMember = members().get(0).name();
    String other = nonLeaders().get(0);
    long crashed = System.nanoTime();
    cluster.mesos().crashLeadingMaster();

    assertThat(members()).hasSize(3).first().satisfies(m -> assertThat(m.name()).isEqualTo(oldMember));
    HttpResponse<String> redirected = post(other + "/api/v1/scheduler",
        Calls.subscribe("early", "early-role").toByteArray());
    assertThat(redirected.statusCode()).as("still redirected to the dead leader").isEqualTo(307);
    assertThat(redirected.headers().firstValue("Location"))
        .contains(leader.substring("http:".length()) + "/master/api/v1/scheduler");

    cluster.mesos().awaitLeadingMaster(TIMEOUT);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
    assertThat(tookMs).as("the entry outlived the crash by the session timeout").isGreaterThan(5_000);
    assertThat(members()).hasSize(2).noneMatch(m -> m.name().equals(oldMember));
    assertThat(cluster.masterUrl()).isNotEqualTo(leader);
  }

  @Test
  void anUnacknowledgedUpdateIsSentAgainToTheNewLeader() {
    TestFramework framework = cluster.framework("forgetful", b -> b.role("forgetful-role")
        .autoAcknowledge(false).failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = framework.frameworkId();
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task("unacknowledged", offer, Map.of());
    framework.accept(offer, List.of(TestTasks.launch(task)));
    TaskStatus running = framework.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING,
        TIMEOUT);
    cluster.track(framework.executorPids());

    cluster.mesos().stopLeadingMaster();
    framework.close();
    cluster.mesos().awaitLeadingMaster(TIMEOUT);
    TestFramework back = cluster.framework("forgetful", b -> b.role("forgetful-role")
        .frameworkId(id).autoAcknowledge(false).failoverTimeout(Duration.ofMinutes(10)));
    TaskStatus again = back.awaitUpdate(0, task.getTaskId(), TaskState.TASK_RUNNING, TIMEOUT);
    assertThat(again.getUuid()).as("the same update, retried by the agent")
        .isEqualTo(running.getUuid());
    back.acknowledge(again);
  }

  @Test
  void anAgentDownDuringTheFailoverBecomesUnreachableAfterTheReregisterTimeout() {
    TestFramework framework = cluster.framework("watcher", b -> b.role("watcher-role")
        .failoverTimeout(Duration.ofMinutes(10)));
    FrameworkID id = framework.frameworkId();
    List<Offer> offers = framework.awaitOffers(2, TIMEOUT);
    AgentID down = offers.get(0).getAgentId();
    cluster.mesos().stopAgent(offers.get(0).getHostname());
    cluster.mesos().stopLeadingMaster();
    framework.close();
    cluster.mesos().awaitLeadingMaster(TIMEOUT);

    TestFramework back = cluster.framework("watcher", b -> b.role("watcher-role")
        .frameworkId(id).failoverTimeout(Duration.ofMinutes(10)));
    // the new leader knows the agent from the registry, but it does not re-register
    assertThat(cluster.state().agents()).hasSize(1);
    Event lost = back.awaitEvent(Event.Type.FAILURE, e -> e.getFailure().getAgentId()
        .equals(down) && !e.getFailure().hasExecutorId(), TIMEOUT);
    assertThat(lost.getFailure().getAgentId()).isEqualTo(down);
    assertThat(cluster.state().json().get("unreachable_slaves").getAsInt()).isEqualTo(1);

    cluster.mesos().startAgent(offers.get(0).getHostname());
    Poll.until("the agent back in /state", TIMEOUT, () -> cluster.state().agents().size() == 2);
    assertThat(cluster.state().json().get("unreachable_slaves").getAsInt()).isZero();
  }

  @Test
  void aStoppedMasterStartsAgainAsANewMasterThatStandsBy() throws Exception {
    int standby = nonLeaderIndexes().get(0);
    String url = cluster.mesos().masterUrls().get(standby);
    String oldId = memberAt(url).info().get("id").getAsString();
    cluster.mesos().stopMaster(standby);
    Poll.until("its entry gone", TIMEOUT, () -> members().size() == 2);

    cluster.mesos().startMaster(standby);
    Poll.until("its new entry", TIMEOUT, () -> members().size() == 3);
    Member again = memberAt(url);
    assertThat(again.info().get("id").getAsString()).isNotEqualTo(oldId);
    assertThat(members().get(2).name()).as("joined last, so it stands by")
        .isEqualTo(again.name());
    Poll.until("it redirects to the leader", TIMEOUT,
        () -> get(url + "/state").statusCode() == 307);
  }

  // ---- helpers ----

  record Member(String name, JsonObject info) {
  }

  /** The members of /mesos as a plain ZooKeeper client reads them, lowest sequence first. */
  private static List<Member> members() {
    try {
      return readMembers();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read /mesos: " + e, e);
    }
  }

  private static List<Member> readMembers() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(cluster.mesos().zkConnect(), 10_000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to ZooKeeper").isTrue();
      List<Member> out = new ArrayList<>();
      for (String child : zk.getChildren("/mesos", false)) {
        byte[] data = zk.getData("/mesos/" + child, false, null);
        out.add(new Member(child, JsonParser.parseString(new String(data,
            StandardCharsets.UTF_8)).getAsJsonObject()));
      }
      out.sort(Comparator.comparing(Member::name));
      return out;
    } finally {
      zk.close();
    }
  }

  private static Member memberAt(String url) {
    return members().stream().filter(m -> url.endsWith(":" + m.info().get("port").getAsInt()))
        .findFirst().orElseThrow(() -> new AssertionError("no member for " + url));
  }

  private static List<Integer> nonLeaderIndexes() {
    int leader = cluster.mesos().awaitLeadingMaster(TIMEOUT);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i != leader) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<String> nonLeaders() {
    return nonLeaderIndexes().stream().map(i -> cluster.mesos().masterUrls().get(i)).toList();
  }

  private static HttpResponse<String> post(String url, byte[] body) {
    RawHttp http = new RawHttp(URI.create(url));
    return http.send(http.request().POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/x-protobuf").build());
  }

  private static HttpResponse<String> get(String url) {
    RawHttp http = new RawHttp(URI.create(url));
    return http.send(http.request().GET().build());
  }
}
