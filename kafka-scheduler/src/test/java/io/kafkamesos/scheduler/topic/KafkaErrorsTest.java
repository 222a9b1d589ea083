package io.kafkamesos.scheduler.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {

  @Test
  void staleMetadataAndMovingLeadersAreRetried() {
    assertThat(KafkaErrors.retriable(new UnknownTopicOrPartitionException("x"))).isTrue();
    assertThat(KafkaErrors.retriable(new LeaderNotAvailableException("x"))).isTrue();
    assertThat(KafkaErrors.retriable(new NotControllerException("x"))).isTrue();
    assertThat(KafkaErrors.retriable(new NotLeaderOrFollowerException("x"))).isTrue();
    assertThat(KafkaErrors.retriable(new DisconnectException("x"))).isTrue();
  }

  @Test
  void timeoutsRefusalsAndServerErrorsAreNot() {
    assertThat(KafkaErrors.retriable(new TimeoutException("x"))).as("it waited already").isFalse();
    assertThat(KafkaErrors.retriable(new TopicExistsException("x"))).isFalse();
    assertThat(KafkaErrors.retriable(new InvalidPartitionsException("x"))).isFalse();
    assertThat(KafkaErrors.retriable(new UnknownServerException("x"))).isFalse();
    assertThat(KafkaErrors.retriable(new IllegalStateException("x"))).isFalse();
  }

  @Test
  void mapsKafkaErrorsToWhoseFaultItIs() {
    assertThat(kind(new InvalidPartitionsException("x"))).isEqualTo(TopicException.Kind.BAD_REQUEST);
    assertThat(kind(new InvalidReplicationFactorException("x"))).isEqualTo(TopicException.Kind.BAD_REQUEST);
    assertThat(kind(new InvalidConfigurationException("x"))).isEqualTo(TopicException.Kind.BAD_REQUEST);
    assertThat(kind(new TopicExistsException("x"))).isEqualTo(TopicException.Kind.CONFLICT);
    assertThat(kind(new TopicDeletionDisabledException("x"))).isEqualTo(TopicException.Kind.CONFLICT);
    assertThat(kind(new TimeoutException("x"))).isEqualTo(TopicException.Kind.UNAVAILABLE);
    assertThat(kind(new UnknownServerException("x"))).isEqualTo(TopicException.Kind.UNAVAILABLE);
  }

  @Test
  void kafkaNotKnowingATopicIsNeverA404() {
    // ZooKeeper says whether a topic exists; a broker that does not know it is behind
    TopicException e = KafkaErrors.translate("deleting topic \"t\"",
        new UnknownTopicOrPartitionException("This server does not host this topic-partition."));
    assertThat(e.kind()).isEqualTo(TopicException.Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("do not know the topic yet", "try again");
  }

  @Test
  void namesTheOperationAndKafkasReason() {
    assertThat(KafkaErrors.translate("creating topic \"t\"", new TopicExistsException("Topic 't' already exists."))
        .getMessage()).isEqualTo("creating topic \"t\": Topic 't' already exists.");
    assertThat(KafkaErrors.translate("deleting", new TopicDeletionDisabledException("off")).getMessage())
        .contains("delete.topic.enable=true");
  }

  private static TopicException.Kind kind(Exception e) {
    return KafkaErrors.translate("op", e).kind();
  }
}
