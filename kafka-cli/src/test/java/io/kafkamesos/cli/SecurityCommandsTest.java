package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of {@code dcos kafka user ...} and {@code dcos kafka acl ...} and the requests they make. */
class SecurityCommandsTest {

    private static ApiRequest parsed(String... words) {
        return (ApiRequest) KafkaCommand.parse(List.of(words));
    }

    private static String request(String... words) {
        ApiRequest request = parsed(words);
        return request.method() + " " + request.pathAndQuery() + request.body().map(b -> " " + b).orElse("");
    }

    @Test
    void userCommandsMapToTheUsersApi() {
        assertThat(request("user", "list")).isEqualTo("GET /v1/users");
        assertThat(request("user", "describe", "alice")).isEqualTo("GET /v1/users/alice");
        assertThat(request("user", "create", "alice")).isEqualTo("POST /v1/users/alice {}");
        assertThat(request("user", "create", "alice", "--password=s3cret-pass", "--mechanism", "SCRAM-SHA-256",
                "--iterations=8192", "--update"))
                .isEqualTo("POST /v1/users/alice?update=true"
                        + " {\"password\":\"s3cret-pass\",\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":8192}");
        assertThat(request("user", "create", "alice", "--iterations=many"))
                .isEqualTo("POST /v1/users/alice {\"iterations\":\"many\"}");
        assertThat(request("user", "delete", "alice")).isEqualTo("DELETE /v1/users/alice");
        assertThat(request("user", "delete", "alice", "--mechanism=SCRAM-SHA-256"))
                .isEqualTo("DELETE /v1/users/alice?mechanism=SCRAM-SHA-256");
    }

    @Test
    void aPasswordNeverGoesInTheUrlOrARequestsText() {
        ApiRequest request = parsed("user", "create", "alice", "--password", "s3cret-pass");
        assertThat(request.pathAndQuery()).doesNotContain("s3cret");
        assertThat(request.toString()).doesNotContain("s3cret").contains("with a body");
    }

    @Test
    void aclFlagsAreTheQueryParameters() {
        assertThat(request("acl", "list")).isEqualTo("GET /v1/acls");
        assertThat(request("acl", "list", "--principal", "User:alice")).isEqualTo("GET /v1/acls?principal=User%3Aalice");
        assertThat(request("acl", "add", "--principal=User:alice", "--resource-type=topic", "--resource-name=orders",
                "--pattern-type=PREFIXED", "--operation=read", "--permission=DENY", "--host=10.0.0.1"))
                .isEqualTo("POST /v1/acls?principal=User%3Aalice&resource-type=topic&resource-name=orders"
                        + "&pattern-type=PREFIXED&operation=read&permission=DENY&host=10.0.0.1");
        assertThat(request("acl", "add", "--principal=User:bob", "--producer", "--resource-name=orders",
                "--transactional-id=tx", "--idempotent"))
                .isEqualTo("POST /v1/acls?principal=User%3Abob&resource-name=orders&producer=true"
                        + "&transactional-id=tx&idempotent=true");
        assertThat(request("acl", "remove", "--principal=User:carol", "--consumer", "--group", "billing",
                "--resource-name=orders"))
                .isEqualTo("DELETE /v1/acls?principal=User%3Acarol&resource-name=orders&consumer=true&group=billing");
    }

    @Test
    void wrongWordsAreUsageErrors() {
        assertThatThrownBy(() -> request("user")).hasMessage("missing user command: list, describe, create, delete or certificate");
        assertThatThrownBy(() -> KafkaCommand.parse(List.of("user", "certificate", "alice")))
                .hasMessageContaining("--csr");
        assertThatThrownBy(() -> request("acl")).hasMessage("missing acl command: list, add or remove");
        assertThatThrownBy(() -> request("user", "create", "a", "--password=x", "--password-file=/tmp/p"))
                .hasMessage("give --password or --password-file, not both");
        assertThatThrownBy(() -> request("user", "create")).hasMessageStartingWith("missing arguments");
        assertThatThrownBy(() -> request("acl", "add", "--topic=orders")).hasMessageContaining("--topic");
    }
}
