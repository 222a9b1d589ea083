package io.kafkamesos.scheduler.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The JSON the API answers for users and ACLs, as the application's object mapper writes it. */
class AccessJsonTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  @Test
  void anAclBindingInTheSpellingOfTheQueryParameters() throws Exception {
    AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tx-",
        PatternType.PREFIXED), new AccessControlEntry("User:alice", "10.0.0.1", AclOperation.IDEMPOTENT_WRITE,
        AclPermissionType.DENY));

    assertThat(JSON.writeValueAsString(new AclService.Acls(List.of(AclView.of(binding))))).isEqualTo(
        "{\"acls\":[{\"principal\":\"User:alice\",\"resource_type\":\"transactional-id\","
            + "\"resource_name\":\"tx-\",\"pattern_type\":\"PREFIXED\",\"operation\":\"idempotent-write\","
            + "\"permission\":\"DENY\",\"host\":\"10.0.0.1\"}]}");
  }

  @Test
  void aUserShowsItsPasswordOnlyWhenItWasGenerated() throws Exception {
    ScramUsers.User given = new ScramUsers.User("alice",
        List.of(new ScramUsers.Credential("SCRAM-SHA-512", 4096)), null);
    assertThat(JSON.writeValueAsString(new ScramUsers.Users(List.of(given)))).isEqualTo(
        "{\"users\":[{\"name\":\"alice\",\"mechanisms\":[{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]}]}");
    ScramUsers.User generated = new ScramUsers.User("bob", List.of(), "Xy12");
    assertThat(JSON.writeValueAsString(generated)).isEqualTo(
        "{\"name\":\"bob\",\"mechanisms\":[],\"password\":\"Xy12\"}");
    assertThat(generated.toString()).doesNotContain("Xy12");
  }
}
