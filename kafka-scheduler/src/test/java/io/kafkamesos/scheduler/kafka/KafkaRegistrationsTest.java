package io.kafkamesos.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KafkaRegistrationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bootstrapUsesThePlaintextListenerOfARegistration() throws Exception {
        assertThat(KafkaRegistrations.plaintextEndpoint(JSON.readTree("{\"listener_security_protocol_map\":"
                + "{\"SSL\":\"SSL\",\"INTERNAL\":\"PLAINTEXT\"},\"endpoints\":[\"SSL://h:9093\",\"INTERNAL://h:9092\"],"
                + "\"jmx_port\":-1,\"host\":\"h\",\"port\":-1,\"version\":4}"))).contains("h:9092");
        assertThat(KafkaRegistrations.plaintextEndpoint(JSON.readTree(
                "{\"endpoints\":[\"PLAINTEXT://w1.dcos:9092\"],\"host\":\"w1.dcos\",\"port\":9092}")))
                .contains("w1.dcos:9092");
    }

    @Test
    void fallsBackToHostAndPortOrNothing() throws Exception {
        assertThat(KafkaRegistrations.plaintextEndpoint(JSON.readTree("{\"host\":\"a\",\"port\":9000}"))).contains("a:9000");
        assertThat(KafkaRegistrations.plaintextEndpoint(JSON.readTree(
                "{\"listener_security_protocol_map\":{\"SSL\":\"SSL\"},\"endpoints\":[\"SSL://h:9093\"],\"port\":-1}")))
                .isEmpty();
    }

    @Test
    void aSecureBrokersSchedulerUsesItsInternalListenerAndClientsItsClientOne() throws Exception {
        String registration = "{\"listener_security_protocol_map\":{\"CLIENT\":\"SASL_SSL\","
                + "\"INTERNAL\":\"SSL\",\"PLAINTEXT\":\"PLAINTEXT\"},\"endpoints\":[\"PLAINTEXT://h:9094\","
                + "\"CLIENT://h:9092\",\"INTERNAL://h:9093\"],\"host\":\"h\",\"port\":9094,\"version\":5}";
        assertThat(KafkaRegistrations.plaintextEndpoint(JSON.readTree(registration))).contains("h:9093");
        assertThat(KafkaRegistrations.adminAddress(registration)).contains("h:9093");
        assertThat(KafkaRegistrations.endpoints(registration)).containsExactly(
                new KafkaRegistrations.Endpoint("PLAINTEXT", "PLAINTEXT", "h:9094"),
                new KafkaRegistrations.Endpoint("CLIENT", "SASL_SSL", "h:9092"),
                new KafkaRegistrations.Endpoint("INTERNAL", "SSL", "h:9093"));
        assertThat(KafkaRegistrations.adminAddress("{\"endpoints\":[\"PLAINTEXT://h:1\"]}")).isEmpty();
        assertThat(KafkaRegistrations.endpoints("not json")).isEmpty();
    }
}
