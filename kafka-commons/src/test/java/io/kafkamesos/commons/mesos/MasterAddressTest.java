package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MasterAddressTest {

  @Test
  void readsUrlsAndHostPortsAsMesosToolsDo() {
    assertThat(MasterAddress.parse("http://m1:5050/")).isEqualTo(
        new MasterAddress.Urls(List.of(URI.create("http://m1:5050"))));
    assertThat(MasterAddress.parse("https://leader.mesos:5050")).isEqualTo(
        new MasterAddress.Urls(List.of(URI.create("https://leader.mesos:5050"))));
    assertThat(MasterAddress.parse(" m1:5050,http://m2:5050 , 10.0.0.3:5050")).isEqualTo(
        new MasterAddress.Urls(List.of(URI.create("http://m1:5050"), URI.create("http://m2:5050"),
            URI.create("http://10.0.0.3:5050"))));
    assertThat(MasterAddress.parse("https://dcos.example/mesos")).isEqualTo(
        new MasterAddress.Urls(List.of(URI.create("https://dcos.example/mesos"))));
  }

  @Test
  void readsZooKeeperPaths() {
    assertThat(MasterAddress.parse("zk://zk1:2181,zk2:2181,[::1]:2181/mesos")).isEqualTo(
        new MasterAddress.ZooKeeper("zk1:2181,zk2:2181,[::1]:2181", "/mesos", Optional.empty()));
    assertThat(MasterAddress.parse("zk://master.mesos:2181/dcos/mesos/")).isEqualTo(
        new MasterAddress.ZooKeeper("master.mesos:2181", "/dcos/mesos", Optional.empty()));
  }

  @Test
  void readsZooKeeperCredentialsAndNeverShowsThePassword() {
    MasterAddress address = MasterAddress.parse("zk://super:pa/ss@word@zk1:2181/mesos");

    assertThat(address).isEqualTo(
        new MasterAddress.ZooKeeper("zk1:2181", "/mesos", Optional.of("super:pa/ss@word")));
    assertThat(address.describe()).isEqualTo("zk://super:***@zk1:2181/mesos");
    assertThat(address.toString()).doesNotContain("pa/ss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "zk://zk1:2181", "zk://zk1:2181/", "zk://zk1/mesos", "zk:///mesos",
      "ftp://m1:5050", "m1", "m1:99999", "http://m1:5050,", "http://m1:5050?x=1", "zk://zk1:2181/a b",
      "zk://nopassword@zk1:2181/mesos"})
  void refusesWhatIsNoMasterAddress(String text) {
    assertThatThrownBy(() -> MasterAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverEchoesCredentialsOfARefusedAddress() {
    assertThatThrownBy(() -> MasterAddress.parse("http://user:hunter2@m1:5050"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> MasterAddress.parse("zk://user:hunter2@zk1/mesos"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> MasterAddress.parse("zk://user:hun/ter2@zk1:2181"))
        .hasMessageNotContaining("ter2");
  }

  @Test
  void namesWhatItExpects() {
    assertThatThrownBy(() -> MasterAddress.parse("zk://zk1:2181"))
        .hasMessageContaining("zk://host:2181/mesos");
    assertThatThrownBy(() -> MasterAddress.parse("ftp://m1:5050"))
        .hasMessageContaining(MasterAddress.EXPECTED);
  }
}
