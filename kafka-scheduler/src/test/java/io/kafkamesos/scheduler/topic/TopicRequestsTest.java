package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicRequestsTest {

    @Test
    void acceptsKafkaTopicNames() {
        assertThat(TopicRequests.topicName("topic1")).isEqualTo("topic1");
        assertThat(TopicRequests.topicName("a.b-c_d")).isEqualTo("a.b-c_d");
    }

    @Test
    void refusesNamesKafkaRefuses() {
        for (String bad : new String[] {"bad name", "..", ".", "a/b", "x".repeat(250), "ü"}) {
            assertThatThrownBy(() -> TopicRequests.topicName(bad))
                    .isInstanceOfSatisfying(TopicException.class,
                            e -> assertThat(e.kind()).isEqualTo(TopicException.Kind.BAD_REQUEST))
                    .hasMessageContaining("invalid topic name");
        }
        assertThatThrownBy(() -> TopicRequests.topicName(null)).hasMessage("missing query parameter 'name'");
    }

    @Test
    void anEmptyTopicNameInThePathIsNamedAsSuch() {
        assertThatThrownBy(() -> TopicRequests.pathTopicName(" "))
                .hasMessage("the topic name in the path is empty: /v1/topics/<name>");
        assertThat(TopicRequests.pathTopicName("t1")).isEqualTo("t1");
        assertThatThrownBy(() -> TopicRequests.pathTopicName("a b")).hasMessageContaining("invalid topic name");
    }

    @Test
    void parsesCountsAndNamesTheParameterWhenWrong() {
        assertThat(TopicRequests.atLeast("partitions", " 3 ", 1)).isEqualTo(3);
        assertThatThrownBy(() -> TopicRequests.atLeast("partitions", "0", 1))
                .hasMessage("query parameter 'partitions' must be at least 1, got 0");
        assertThatThrownBy(() -> TopicRequests.atLeast("partitions", "three", 1))
                .hasMessage("query parameter 'partitions' must be an integer, got \"three\"");
        assertThatThrownBy(() -> TopicRequests.atLeast("replication", "", 1))
                .hasMessage("missing query parameter 'replication'");
    }

    @Test
    void producerTestDefaultsToKilobyteRecordsAndAcksAll() {
        assertThat(TopicRequests.producerTest("10", null, null))
                .isEqualTo(new TopicRequests.ProducerTestSpec(10, 1024, "all"));
        assertThat(TopicRequests.producerTest("10", null, "1").acks()).isEqualTo("1");
        assertThat(TopicRequests.producerTest("5", "100", "ALL"))
                .isEqualTo(new TopicRequests.ProducerTestSpec(5, 100, "all"));
        assertThat(TopicRequests.producerTest("5", "", "-1").acks()).isEqualTo("-1");
    }

    @Test
    void producerTestRefusesOutOfRangeSettings() {
        assertThatThrownBy(() -> TopicRequests.producerTest(null, null, null)).hasMessageContaining("'messages'");
        assertThatThrownBy(() -> TopicRequests.producerTest("1000001", null, null))
                .hasMessageContaining("at most 1000000");
        assertThatThrownBy(() -> TopicRequests.producerTest("1", "0", null)).hasMessageContaining("'size'");
        assertThatThrownBy(() -> TopicRequests.producerTest("1", "2000000", null)).hasMessageContaining("'size'");
        assertThatThrownBy(() -> TopicRequests.producerTest("1", null, "2")).hasMessageContaining("'acks'");
    }
}
