package io.kafkamesos.local.it;

import static io.kafkamesos.local.it.LocalCluster.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent with {@code --authenticate_http_executors} (mesos-local's
 * {@code withExecutorAuthentication}): each executor gets a token of its own, the test executor
 * subscribes and runs its task with it, and a call without it, with a bad one or with another
 * executor's is refused with Mesos' 401 or 403 (src/slave/http.cpp, libprocess' JWT
 * authenticator).
 */
class ExecutorAuthenticationIT {

  @RegisterExtension
  static final LocalCluster CLUSTER = LocalCluster.perClass(c -> c.withAgents(1)
      .withExecutorAuthentication(true).withExecutorRegistrationTimeout(Duration.ofSeconds(10)));

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String CHALLENGE = "Bearer realm=\"mesos-agent-executor\"";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** One running executor: its ids, agent endpoint and token, as it reported them. */
  private record Running(ExecutorID executor, FrameworkID framework, URI endpoint, String token) {
  }

  private static Running launch(TestFramework framework, String name) {
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo task = TestTasks.task(name, offer, Map.of("report.env", "true"));
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));
    Properties env = TestExecutor.report(framework.awaitUpdate(mark, task.getTaskId(),
        TaskState.TASK_RUNNING, TIMEOUT));
    return new Running(task.getExecutor().getExecutorId(), framework.frameworkId(),
        URI.create("http://" + env.getProperty("env.MESOS_AGENT_ENDPOINT") + "/api/v1/executor"),
        env.getProperty("env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN"));
  }

  @Test
  void eachExecutorGetsATokenOfItsOwnAndSubscribesWithIt() {
    TestFramework framework = CLUSTER.framework("tokens");
    Running first = launch(framework, "first");
    Running second = launch(framework, "second");

    assertThat(first.token()).isNotBlank().isNotEqualTo(second.token());
    assertThat(post(first.endpoint(), message(first), Optional.of(first.token())).statusCode())
        .isEqualTo(202);
  }

  @Test
  void callsWithoutAValidTokenAreUnauthorized() {
    Running executor = launch(CLUSTER.framework("no-token"), "victim");

    HttpResponse<String> none = post(executor.endpoint(), message(executor), Optional.empty());
    HttpResponse<String> basic = send(HttpRequest.newBuilder(executor.endpoint())
        .header("Content-Type", PROTOBUF).header("Authorization", "Basic dXNlcjpwdw==")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message(executor).toByteArray())));
    HttpResponse<String> forged = post(executor.endpoint(), message(executor),
        Optional.of(executor.token().substring(0, executor.token().length() - 4) + "AAAA"));
    HttpResponse<String> get = send(HttpRequest.newBuilder(executor.endpoint()).GET());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
    assertThat(none.body()).isEqualTo("401 Unauthorized.");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("error=\"invalid_token\"").contains("Scheme 'Basic' unsupported");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("Invalid JWT");
    assertThat(get.statusCode()).as("authentication comes before the method check")
        .isEqualTo(401);
  }

  @Test
  void anotherExecutorsTokenIsForbidden() {
    TestFramework framework = CLUSTER.framework("borrowed");
    Running owner = launch(framework, "owner");
    Running other = launch(framework, "other");

    HttpResponse<String> borrowed = post(other.endpoint(), message(other),
        Optional.of(owner.token()));

    assertThat(borrowed.statusCode()).isEqualTo(403);
    assertThat(borrowed.body()).contains("does not contain an 'eid' claim with the executor ID "
        + other.executor().getValue());
  }

  @Test
  void anExecutorWithoutItsTokenNeverSubscribesAndItsTaskFails() {
    TestFramework framework = CLUSTER.framework("tokenless");
    Offer offer = framework.awaitOffers(1, TIMEOUT).get(0);
    TaskInfo base = TestTasks.task("tokenless", offer, Map.of());
    CommandInfo command = base.getExecutor().getCommand();
    TaskInfo task = base.toBuilder().setExecutor(base.getExecutor().toBuilder().setCommand(
        command.toBuilder().setValue("unset MESOS_EXECUTOR_AUTHENTICATION_TOKEN; "
            + command.getValue()))).build();
    int mark = framework.mark();
    framework.accept(offer, List.of(TestTasks.launch(task)));

    TaskStatus failed = framework.awaitUpdate(mark, task.getTaskId(), TaskState.TASK_FAILED,
        TIMEOUT);

    assertThat(failed.getReason())
        .isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
  }

  private static Call message(Running executor) {
    return Call.newBuilder().setType(Call.Type.MESSAGE).setExecutorId(executor.executor())
        .setFrameworkId(executor.framework())
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("hello"))).build();
  }

  private static HttpResponse<String> post(URI endpoint, Call call, Optional<String> token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
