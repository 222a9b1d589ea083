package io.kafkamesos.commons.mesos;

import static io.kafkamesos.commons.mesos.MesosClientTest.await;
import static io.kafkamesos.commons.mesos.MesosClientTest.listener;
import static io.kafkamesos.commons.mesos.MesosClientTest.revive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * HTTP basic authentication of a framework, against a master that checks it as Mesos does with
 * {@code --authenticate_http_frameworks}: 401 without a valid {@code Authorization}.
 */
class MesosClientAuthenticationTest {

  private static final String PRINCIPAL = "kafka0-principal";
  private static final String SECRET = "s3cr3t-Value!";
  private static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((PRINCIPAL + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private TestMaster master;
  private MesosClient<Call, Event> client;

  @BeforeEach
  void start() throws Exception {
    logs.start();
    root.addAppender(logs);
    master = new TestMaster();
    TestMaster.Answer checked = (m, exchange) -> {
      if (!BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        TestMaster.status(401, "", "WWW-Authenticate", "Basic realm=\"mesos\"").answer(m, exchange);
      } else {
        TestMaster.stream(m, exchange);
      }
    };
    master.onSubscribe = checked;
    master.onCall = (m, exchange) -> TestMaster.status(
        BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 202 : 401, "")
        .answer(m, exchange);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    master.close();
    root.detachAppender(logs);
  }

  @Test
  void sendsTheCredentialOnSubscribeAndOnEveryCall() throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(Credential.basic(PRINCIPAL, SECRET), events::add, new CopyOnWriteArrayList<>());
    await(() -> !events.isEmpty());

    client.send(revive());
    client.send(revive());

    assertThat(master.requests).hasSize(3).allSatisfy(r -> assertThat(r.authorization()).isEqualTo(BASIC));
  }

  @Test
  void aWrongSecretNamesThePrincipalButNeverTheSecret() throws Exception {
    String wrong = "not-the-" + SECRET;
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = client(Credential.basic(PRINCIPAL, wrong), e -> { }, disconnects);

    await(() -> disconnects.size() >= 2);

    assertThat(disconnects.get(0)).isEqualTo("authentication failed for principal " + PRINCIPAL
        + " at " + master.url() + " (HTTP 401)");
    assertThat(client.status().lastFailure()).hasValueSatisfying(
        r -> assertThat(r).contains("authentication failed for principal " + PRINCIPAL));
    String wrongBasic = Base64.getEncoder().encodeToString((PRINCIPAL + ":" + wrong).getBytes(StandardCharsets.UTF_8));
    List<String> everything = new java.util.ArrayList<>(disconnects);
    everything.add(client.status().toString());
    logs.list.forEach(e -> everything.add(e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
    assertThat(everything).isNotEmpty().noneSatisfy(line -> assertThat(line).containsAnyOf(wrong, wrongBasic));
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
        .contains("authentication failed for principal " + PRINCIPAL));
  }

  @Test
  void aRefusedCredentialIsRetriedWithBackoffNotInAStorm() throws Exception {
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = MesosClient.builder(master.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(e -> { }, disconnects))
        .credential(Credential.basic(PRINCIPAL, "wrong"))
        .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0, 0.5))
        .build()
        .start();

    Thread.sleep(1_500);

    // 200 ms doubling (at least half of each): at most 4 attempts fit in 1.5 s
    assertThat(master.requests(Call.Type.SUBSCRIBE)).hasSizeBetween(2, 4);
    int attempts = master.requests(Call.Type.SUBSCRIBE).size();
    assertThat(client.status().failures()).isBetween(attempts - 1, attempts); // one may be in flight
  }

  @Test
  void withoutACredentialSaysThatTheMasterWantsOne() throws Exception {
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = client(null, e -> { }, disconnects);

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).isEqualTo("the master at " + master.url()
        + " requires authentication (HTTP 401) and no credential is configured");
    assertThat(master.requests).allSatisfy(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void aForbiddenPrincipalIsNamedWithTheMastersReason() throws Exception {
    master.onSubscribe = TestMaster.status(403, "Not authorized to register framework with role 'kafka0-role'");
    List<String> disconnects = new CopyOnWriteArrayList<>();
    client = client(Credential.basic(PRINCIPAL, SECRET), e -> { }, disconnects);

    await(() -> !disconnects.isEmpty());

    assertThat(disconnects.get(0)).isEqualTo("principal " + PRINCIPAL + " is not allowed at "
        + master.url() + " (HTTP 403: Not authorized to register framework with role 'kafka0-role')");
  }

  @Test
  void aCallRefusedFor401ThrowsWithoutTheSecret() throws Exception {
    List<Event> events = new CopyOnWriteArrayList<>();
    client = client(Credential.basic(PRINCIPAL, SECRET), events::add, new CopyOnWriteArrayList<>());
    await(() -> !events.isEmpty());
    master.onCall = TestMaster.status(401, "");

    assertThatThrownBy(() -> client.send(revive()))
        .isInstanceOfSatisfying(MesosHttpException.class, e -> assertThat(e.status()).isEqualTo(401))
        .message().doesNotContain(SECRET).doesNotContain(BASIC);
  }

  @Test
  void aCredentialPrintsNoSecret() {
    Credential credential = Credential.basic(PRINCIPAL, SECRET);

    assertThat(credential.toString()).isEqualTo("Credential(principal kafka0-principal)")
        .doesNotContain(SECRET);
    assertThat(credential.header()).isEqualTo(BASIC);
    assertThat(Credential.bearer("tok3n").header()).isEqualTo("Bearer tok3n");
    assertThat(Credential.bearer("tok3n").toString()).doesNotContain("tok3n");
    assertThatThrownBy(() -> Credential.basic("a:b", SECRET)).hasMessageNotContaining(SECRET);
  }

  private MesosClient<Call, Event> client(Credential credential, java.util.function.Consumer<Event> onEvent,
      List<String> disconnects) {
    return MesosClient.builder(master.url(), MesosApi.SCHEDULER)
        .subscribeCall(MesosClientTest::subscribe)
        .listener(listener(onEvent, disconnects))
        .credential(credential)
        .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.5))
        .build()
        .start();
  }
}
