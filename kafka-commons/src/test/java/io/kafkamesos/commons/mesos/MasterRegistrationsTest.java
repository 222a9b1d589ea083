package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.junit.jupiter.api.Test;

class MasterRegistrationsTest {

  /** What a Mesos 1.12 master writes into json.info_<seq> (trimmed of nothing it needs). */
  private static final String JSON = "{\"address\":{\"hostname\":\"m2.example\",\"ip\":\"10.0.0.2\","
      + "\"port\":5050},\"capabilities\":[{\"type\":\"AGENT_UPDATE\"},{\"type\":\"SOME_FUTURE_ONE\"}],"
      + "\"hostname\":\"m2.example\",\"id\":\"8c8c3a60-0d0f-4f4e-9c1a-1f1d9c2b3a4e\",\"ip\":33554442,"
      + "\"pid\":\"master@10.0.0.2:5050\",\"port\":5050,\"version\":\"1.12.0\"}";

  @Test
  void theLowestSequenceLeadsWhateverItsLabel() {
    List<String> children = List.of("json.info_0000000012", "log_replicas", "json.info_0000000009",
        "info_0000000010", "json.info_0000000100");

    assertThat(MasterRegistrations.leader(children)).contains(
        new MasterRegistrations.Member("json.info_0000000009", Optional.of("json.info"), 9));
    assertThat(MasterRegistrations.leader(List.of("log_replicas"))).isEmpty();
    assertThat(MasterRegistrations.leader(List.of())).isEmpty();
  }

  @Test
  void readsTheJsonAMasterWrites() {
    MasterRegistrations.Member member = MasterRegistrations.leader(List.of("json.info_0000000003")).orElseThrow();

    MasterInfo info = MasterRegistrations.parse(member, JSON.getBytes(StandardCharsets.UTF_8));

    assertThat(info.getAddress().getHostname()).isEqualTo("m2.example");
    assertThat(MasterRegistrations.baseUrl(info, "http")).isEqualTo(URI.create("http://m2.example:5050"));
    assertThat(MasterRegistrations.baseUrl(info, "https")).isEqualTo(URI.create("https://m2.example:5050"));
  }

  @Test
  void fallsBackToTheIpWhenNoHostNameIsRegistered() {
    MasterInfo byAddressIp = MasterInfo.newBuilder().setId("m").setIp(0).setPort(5050)
        .setAddress(Address.newBuilder().setIp("10.0.0.7").setPort(5051)).build();
    // 10.0.0.2 in network byte order, read as a little-endian integer
    MasterInfo byLegacyIp = MasterInfo.newBuilder().setId("m").setIp(33554442).setPort(5052).build();

    assertThat(MasterRegistrations.baseUrl(byAddressIp, "http")).isEqualTo(URI.create("http://10.0.0.7:5051"));
    assertThat(MasterRegistrations.baseUrl(byLegacyIp, "http")).isEqualTo(URI.create("http://10.0.0.2:5052"));
  }

  @Test
  void readsTheProtobufOfOldMasters() {
    MasterInfo written = MasterInfo.newBuilder().setId("old").setIp(0).setPort(5050).setHostname("m1").build();
    MasterRegistrations.Member member = MasterRegistrations.leader(List.of("info_0000000001")).orElseThrow();

    assertThat(MasterRegistrations.parse(member, written.toByteArray())).isEqualTo(written);
  }

  @Test
  void refusesWhatIsNoMasterInfo() {
    MasterRegistrations.Member json = MasterRegistrations.leader(List.of("json.info_1")).orElseThrow();
    MasterRegistrations.Member other = MasterRegistrations.leader(List.of("foo_1")).orElseThrow();

    assertThatThrownBy(() -> MasterRegistrations.parse(json, "{not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("json.info_1 is not a MasterInfo");
    assertThatThrownBy(() -> MasterRegistrations.parse(other, new byte[0]))
        .hasMessageContaining("unknown label 'foo'");
  }
}
