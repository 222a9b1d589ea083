package io.kafkamesos.local.zk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MasterContenderTest {

  @Test
  void readsTheSequenceOfAMember() {
    assertThat(MasterContender.sequence("json.info_0000000012")).isEqualTo(12);
    assertThat(MasterContender.sequence("info_0000000003")).isEqualTo(3);
    assertThat(MasterContender.sequence("json.info_x")).isEqualTo(-1);
  }
}
