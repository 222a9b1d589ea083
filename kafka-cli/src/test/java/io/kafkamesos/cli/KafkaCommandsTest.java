package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.cli.support.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaCommandsTest {

    private static String request(String... words) {
        ApiRequest request = (ApiRequest) KafkaCommand.parse(List.of(words));
        return request.method() + " " + request.pathAndQuery();
    }

    @Test
    void mapsEverySeedCommandToItsEndpoint() {
        assertThat(request("connection")).isEqualTo("GET /v1/connection");
        assertThat(request("broker", "list")).isEqualTo("GET /v1/brokers");
        assertThat(request("broker", "describe", "0")).isEqualTo("GET /v1/brokers/0");
        assertThat(request("broker", "restart", "0")).isEqualTo("PUT /v1/brokers/0");
        assertThat(request("broker", "replace", "1")).isEqualTo("PUT /v1/brokers/1/replace");
        assertThat(request("broker", "replace", "1", "force")).isEqualTo("PUT /v1/brokers/1/replace?force=true");
        assertThat(request("broker", "replace", "1", "--force")).isEqualTo("PUT /v1/brokers/1/replace?force=true");
        assertThat(request("broker", "remove", "2")).isEqualTo("DELETE /v1/brokers/2");
        assertThat(request("controller", "list")).isEqualTo("GET /v1/controllers");
        assertThat(request("controller", "restart", "3001")).isEqualTo("PUT /v1/controllers/3001");
        assertThat(request("controller", "replace", "3002")).isEqualTo("PUT /v1/controllers/3002/replace");
        assertThat(request("controller", "replace", "3002", "--force"))
                .isEqualTo("PUT /v1/controllers/3002/replace?force=true");
        assertThat(request("topic", "list")).isEqualTo("GET /v1/topics");
        assertThat(request("topic", "create", "topic1", "--partitions=3", "--replication=3"))
                .isEqualTo("POST /v1/topics?name=topic1&partitions=3&replication=3");
        assertThat(request("topic", "create", "topic1", "--partitions", "3", "--replication", "3"))
                .isEqualTo("POST /v1/topics?name=topic1&partitions=3&replication=3");
        assertThat(request("topic", "describe", "topic1")).isEqualTo("GET /v1/topics/topic1");
        assertThat(request("topic", "offsets", "topic1")).isEqualTo("GET /v1/topics/topic1/offsets");
        assertThat(request("topic", "partitions", "topic1", "2"))
                .isEqualTo("PUT /v1/topics/topic1?operation=partitions&partitions=2");
        assertThat(request("topic", "config", "topic1", "cleanup.policy", "compact"))
                .isEqualTo("PUT /v1/topics/topic1?operation=config&key=cleanup.policy&value=compact");
        assertThat(request("topic", "delete_config", "topic1", "--key=cleanup.policy"))
                .isEqualTo("PUT /v1/topics/topic1?operation=deleteConfig&key=cleanup.policy");
        assertThat(request("topic", "producer_test", "topic1", "10"))
                .isEqualTo("PUT /v1/topics/topic1?operation=producer-test&messages=10");
        assertThat(request("topic", "producer_test", "topic1", "10", "--size=100", "--acks=all"))
                .isEqualTo("PUT /v1/topics/topic1?operation=producer-test&messages=10&size=100&acks=all");
        assertThat(request("topic", "delete", "topic1")).isEqualTo("DELETE /v1/topics/topic1");
        assertThat(request("topic", "under_replicated_partitions"))
                .isEqualTo("GET /v1/topics/under_replicated_partitions");
        assertThat(request("topic", "unavailable_partitions")).isEqualTo("GET /v1/topics/unavailable_partitions");
    }

    @Test
    void certificatesReadsTheServedCertificates() {
        assertThat(request("certificates")).isEqualTo("GET /v1/tls/certificates");
        assertThat(request("certificates", "--renew")).isEqualTo("PUT /v1/tls/certificates/renew");
    }

    @Test
    void frameworkNameIsAcceptedEverywhere() {
        assertThat(request("--framework-name=kafka1", "broker", "list")).isEqualTo("GET /v1/brokers");
        assertThat(request("topic", "list", "--framework-name", "kafka1")).isEqualTo("GET /v1/topics");
    }

    @Test
    void encodesValuesSoTheyReachTheApiUnchanged() {
        assertThat(request("topic", "config", "t", "retention.ms", "a b&c=d"))
                .isEqualTo("PUT /v1/topics/t?operation=config&key=retention.ms&value=a%20b%26c%3Dd");
        assertThat(request("topic", "describe", "a/b")).isEqualTo("GET /v1/topics/a%2Fb");
    }

    @Test
    void wrongWordsAreUsageErrors() {
        assertThatThrownBy(() -> request()).hasMessage("missing command");
        assertThatThrownBy(() -> request("cluster")).hasMessage("unknown command \"cluster\"");
        assertThatThrownBy(() -> request("topic")).hasMessage("missing topic command");
        assertThatThrownBy(() -> request("topic", "rename", "a")).hasMessage("unknown topic command \"rename\"");
        assertThatThrownBy(() -> request("broker", "describe")).hasMessageStartingWith("missing arguments");
        assertThatThrownBy(() -> request("topic", "describe", "a", "b")).hasMessageStartingWith("too many arguments");
        assertThatThrownBy(() -> request("topic", "create", "t", "--partitions=3"))
                .hasMessage("\"topic create\" needs --replication");
        assertThatThrownBy(() -> request("topic", "delete_config", "t")).hasMessage("\"topic delete_config\" needs --key");
        assertThatThrownBy(() -> request("topic", "list", "--partitions=3"))
                .hasMessage("option --partitions does not apply to \"topic list\"");
        assertThat(catchUsage(() -> request("topic", "partitions", "t"))).contains("dcos kafka topic partitions <name> <count>");
    }

    private static String catchUsage(Runnable r) {
        try {
            r.run();
            return "";
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    @Test
    void forceIsAFlagOfBrokerReplaceOnly() {
        assertThat(request("broker", "replace", "--force", "1")).isEqualTo("PUT /v1/brokers/1/replace?force=true");
        assertThat(request("broker", "replace", "1", "force", "--force"))
                .isEqualTo("PUT /v1/brokers/1/replace?force=true");
        assertThatThrownBy(() -> request("broker", "replace", "1", "--force=yes"))
                .hasMessage("option --force takes no value");
        assertThatThrownBy(() -> request("broker", "replace", "--force"))
                .hasMessage("missing arguments; usage: dcos kafka broker replace <id> [--force]");
        assertThatThrownBy(() -> request("broker", "replace", "1", "2"))
                .hasMessageStartingWith("too many arguments");
        assertThatThrownBy(() -> request("broker", "restart", "1", "--force"))
                .isInstanceOf(UsageException.class).hasMessage("option --force does not apply to \"broker restart\"");
        assertThatThrownBy(() -> request("topic", "delete", "t", "--force"))
                .hasMessage("option --force does not apply to \"topic delete\"");
        assertThatThrownBy(() -> request("topic", "list", "--yes")).hasMessage("unknown option --yes");
        assertThatThrownBy(() -> request("controller")).hasMessageStartingWith("missing controller command");
        assertThatThrownBy(() -> request("controller", "restart"))
                .hasMessage("missing arguments; usage: dcos kafka controller restart <id>");
        assertThatThrownBy(() -> request("controller", "replace", "3000", "--force=yes"))
                .hasMessage("option --force takes no value");
    }

    @Test
    void mapsThePlanCommandsToThePlanEndpoints() {
        assertThat(request("plan", "show")).isEqualTo("GET /v1/plan");
        assertThat(request("plan", "interrupt")).isEqualTo("PUT /v1/plan/interrupt");
        assertThat(request("plan", "continue")).isEqualTo("PUT /v1/plan/continue");
        assertThat(request("plan", "restart", "restart-1")).isEqualTo("PUT /v1/plan/restart?step=restart-1");
    }

    @Test
    void rejectsIncompletePlanCommands() {
        assertThatThrownBy(() -> request("plan")).isInstanceOf(UsageException.class)
                .hasMessageContaining("show, interrupt, continue or restart");
        assertThatThrownBy(() -> request("plan", "restart")).isInstanceOf(UsageException.class)
                .hasMessageContaining("usage: dcos kafka plan restart <step>");
        assertThatThrownBy(() -> request("plan", "show", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("too many arguments");
        assertThatThrownBy(() -> request("plan", "pause")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown plan command \"pause\"");
    }
}
