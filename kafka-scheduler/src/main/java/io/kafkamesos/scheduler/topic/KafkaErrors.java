package io.kafkamesos.scheduler.topic;

import java.time.Duration;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How the topic API reads Kafka's errors. Pure.
 *
 * <p>Whether a topic exists is ZooKeeper's to say (the topic service checks it there first): a
 * broker that answers "unknown topic" ({@link UnknownTopicOrPartitionException}, "This server does
 * not host this topic-partition") about a topic ZooKeeper has is behind, typically just after a
 * broker restart or a controller move, and the request is worth another try, never a 404.
 */
final class KafkaErrors {

  private KafkaErrors() {
  }

  /**
   * Errors Kafka marks retriable (stale metadata, a leader or controller moving, a broker not
   * reachable for a moment): the request was not carried out and may succeed if sent again. A
   * timeout is not tried again here: the call already waited its whole time.
   */
  static boolean retriable(Throwable error) {
    return error instanceof RetriableException && !(error instanceof TimeoutException);
  }

  /** Kafka's exception as the API's failure, naming the operation and Kafka's reason. */
  static TopicException translate(String what, Throwable cause) {
    if (cause instanceof TopicException te) {
      return te;
    }
    String detail = what + ": " + cause.getMessage();
    if (cause instanceof TopicExistsException) {
      return new TopicException(TopicException.Kind.CONFLICT, detail, cause);
    }
    if (cause instanceof TopicDeletionDisabledException) {
      return new TopicException(TopicException.Kind.CONFLICT,
          what + ": topic deletion is disabled on the brokers; set delete.topic.enable=true", cause);
    }
    if (cause instanceof InvalidTopicException || cause instanceof InvalidPartitionsException
        || cause instanceof InvalidReplicationFactorException
        || cause instanceof InvalidConfigurationException || cause instanceof InvalidRequestException
        || cause instanceof PolicyViolationException) {
      return new TopicException(TopicException.Kind.BAD_REQUEST, detail, cause);
    }
    if (cause instanceof UnknownTopicOrPartitionException) {
      return new TopicException(TopicException.Kind.UNAVAILABLE, what + ": the brokers do not know "
          + "the topic yet (" + cause.getMessage() + "); their metadata is catching up, try again",
          cause);
    }
    return new TopicException(TopicException.Kind.UNAVAILABLE,
        what + ": Kafka failed: " + cause + "; check that the brokers are running", cause);
  }

  /** A retriable error that lasted longer than the retries: 503 with Kafka's last reason. */
  static TopicException exhausted(String what, Throwable last, int attempts, Duration retried) {
    return new TopicException(TopicException.Kind.UNAVAILABLE, what + ": Kafka answered '"
        + last.getMessage() + "' (" + last.getClass().getSimpleName() + ", retriable) " + attempts
        + " times in " + retried.toSeconds() + " s; the cluster is changing (a broker restarting, "
        + "its metadata catching up): try again in a moment", last);
  }
}
