package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.cli.support.UsageException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed README's {@code dcos kafka} examples, word for word (after {@code dcos kafka}): each
 * still parses into the request it made before picocli.
 */
class SeedExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            topic create topic1 --partitions 3 --replication 3                              | POST /v1/topics?name=topic1&partitions=3&replication=3
            topic describe topic1                                                           | GET /v1/topics/topic1
            connection                                                                      | GET /v1/connection
            --framework-name=sample-kafka broker list                                       | GET /v1/brokers
            --framework-name=kafka0 broker list                                             | GET /v1/brokers
            --framework-name=kafka0 broker describe 0                                       | GET /v1/brokers/0
            --framework-name=kafka0 broker restart 0                                        | PUT /v1/brokers/0
            --framework-name=kafka0 topic list                                              | GET /v1/topics
            --framework-name=kafka0 topic create topic1 --partitions=3 --replication=3      | POST /v1/topics?name=topic1&partitions=3&replication=3
            --framework-name=kafka0 topic describe topic1                                   | GET /v1/topics/topic1
            --framework-name=kafka0 topic offsets topic1                                    | GET /v1/topics/topic1/offsets
            --framework-name=kafka0 topic partitions topic1 2                               | PUT /v1/topics/topic1?operation=partitions&partitions=2
            --framework-name=kafka0 topic config topic1 cleanup.policy compact              | PUT /v1/topics/topic1?operation=config&key=cleanup.policy&value=compact
            --framework-name=kafka0 topic delete_config topic1 --key=cleanup.policy         | PUT /v1/topics/topic1?operation=deleteConfig&key=cleanup.policy
            --framework-name=kafka0 topic producer_test topic1 10                           | PUT /v1/topics/topic1?operation=producer-test&messages=10
            --framework-name=kafka0 topic delete topic1                                     | DELETE /v1/topics/topic1
            --framework-name=kafka0 topic under_replicated_partitions                       | GET /v1/topics/under_replicated_partitions
            --framework-name=kafka0 topic unavailable_partitions                            | GET /v1/topics/unavailable_partitions
            broker replace 1 --force                                                        | PUT /v1/brokers/1/replace?force=true
            broker remove 2                                                                 | DELETE /v1/brokers/2
            plan show                                                                       | GET /v1/plan
            version                                                                         | GET /v1/version
            status                                                                          | GET /v1/status
            """)
    void seedExampleMakesItsRequest(String words, String request) {
        ApiRequest parsed = (ApiRequest) KafkaCommand.parse(Arrays.asList(words.strip().split("\\s+")));
        assertThat(parsed.method() + " " + parsed.pathAndQuery()).isEqualTo(request);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --framework-name=kafka0 topic delete_config --key=cleanup.policy | missing arguments; usage: dcos kafka topic delete_config <name> --key=KEY
            """)
    void theSeedsDeleteConfigWithoutATopicIsStillAUsageError(String words, String message) {
        // the seed README leaves the topic out; the API needs it (kafka-cli/README.md says so)
        List<String> args = Arrays.asList(words.strip().split("\\s+"));
        assertThatThrownBy(() -> KafkaCommand.parse(args)).isInstanceOf(UsageException.class).hasMessage(message);
    }
}
