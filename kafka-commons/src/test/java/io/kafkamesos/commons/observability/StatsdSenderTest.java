package io.kafkamesos.commons.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsdSenderTest {

  @Test
  void formatsGaugesWithoutExponents() {
    assertThat(StatsdSender.format(3.0)).isEqualTo("3");
    assertThat(StatsdSender.format(0.25)).isEqualTo("0.250");
    assertThat(StatsdSender.format(1.0e-9)).isEqualTo("0.000");
    assertThat(StatsdSender.format(Double.NaN)).isEqualTo("0");
    assertThat(StatsdSender.format(1e20)).doesNotContain("E");
  }

  @Test
  void packsLinesIntoDatagramsBelowTheLimit() {
    Map<String, Double> many = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      many.put("kafka.kafka0.broker.0.metric_number_" + i, (double) i);
    }
    List<String> packets = StatsdSender.packets(many);
    assertThat(packets).hasSizeGreaterThan(1)
        .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(StatsdSender.MAX_PACKET));
    assertThat(String.join("\n", packets).split("\n")).hasSize(200)
        .contains("kafka.kafka0.broker.0.metric_number_7:7|g");
  }

  @Test
  void sendsToARealUdpServer() throws Exception {
    try (UdpListener server = new UdpListener();
        StatsdSender sender = new StatsdSender("127.0.0.1", server.port())) {
      sender.gauges(Map.of("p.f.broker.1.leader_count", 4.0));
      assertThat(server.await(d -> d.contains("p.f.broker.1.leader_count"), Duration.ofSeconds(10)))
          .isEqualTo("p.f.broker.1.leader_count:4|g");
    }
  }
}
