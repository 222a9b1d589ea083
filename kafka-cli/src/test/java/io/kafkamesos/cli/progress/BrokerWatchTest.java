package io.kafkamesos.cli.progress;

import static io.kafkamesos.cli.progress.Plans.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerWatchTest {

    private final FakeTime time = new FakeTime();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int watch(Duration timeout, Optional<String> trouble, Sample... samples) {
        Deque<Sample> queue = new ArrayDeque<>(List.of(samples));
        Source source = () -> queue.size() > 1 ? queue.poll() : queue.peek();
        return new BrokerWatch("kafka0", source, () -> trouble,
                ProgressOutput.of(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100),
                time.pacing(Duration.ofSeconds(2), timeout)).run();
    }

    private List<String> lines() {
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void printsEachBrokerAsItComesUpAndWhyOneWaits() {
        int exit = watch(Duration.ofMinutes(10), Optional.empty(),
                Sample.failed("HTTP 404 from GET http://m/service/kafka0/v1/status: no framework named kafka0"),
                Sample.failed("HTTP 404 from GET http://m/service/kafka0/v1/status: no framework named kafka0"),
                Sample.of(status("NONE:broker 0 waits for an offer", "NONE:broker 1 waits for an offer",
                        "NONE:broker 2 waits for an offer")),
                Sample.of(status("STAGING:broker 0 is starting on 127.0.0.2 (task t0)",
                        "NONE:broker 1 waits for an offer", "NONE:broker 2 waits for an offer")),
                Sample.of(status("RUNNING", "STAGING:broker 1 is starting on 127.0.0.3 (task t1)",
                        "NONE:broker 2 waits for an offer")),
                Sample.of(status("RUNNING", "RUNNING", "RUNNING:broker 2 runs on 127.0.0.4 but is not registered in "
                        + "Kafka's ZooKeeper")),
                Sample.of(status("RUNNING", "RUNNING", "RUNNING")));

        assertThat(exit).isZero();
        assertThat(lines()).containsExactly(
                "waiting for the scheduler of kafka0: HTTP 404 from GET http://m/service/kafka0/v1/status: no framework "
                        + "named kafka0",
                "the scheduler of kafka0 is up; 3 broker(s) expected",
                "broker 0 waits for an offer",
                "broker 1 waits for an offer",
                "broker 2 waits for an offer",
                "broker 0 is starting on 127.0.0.2 (task t0)",
                "broker 0 is up on 127.0.0.2:31000",
                "broker 1 is starting on 127.0.0.3 (task t1)",
                "broker 1 is up on 127.0.0.3:31001",
                "broker 2 runs on 127.0.0.4 but is not registered in Kafka's ZooKeeper",
                "broker 2 is up on 127.0.0.4:31002",
                "kafka0: 3 of 3 brokers up (12 s)");
    }

    /** A KRaft cluster's status: the brokers as {@link Plans#status}, one controller 3000 in {@code state}. */
    private static com.fasterxml.jackson.databind.JsonNode kraft(String controller, String... brokers) {
        com.fasterxml.jackson.databind.node.ObjectNode status =
                (com.fasterxml.jackson.databind.node.ObjectNode) status(brokers);
        boolean running = controller.equals("RUNNING");
        status.putArray("controllers").addObject().put("id", 3000).put("state", controller)
                .put("host", "127.0.0.9").put("port", running ? 30999 : 0).put("registered", running)
                .putNull("problem");
        return status;
    }

    @Test
    void aKraftClusterShowsItsControllerAndIsUpOnceItsBrokersAre() {
        int exit = watch(Duration.ofMinutes(10), Optional.empty(),
                Sample.of(kraft("STAGING", "NONE:broker 0 waits for the controller quorum: 0 of 1"
                        + " controllers run, 1 needed")),
                Sample.of(kraft("RUNNING", "STAGING:broker 0 is starting on 127.0.0.2 (task t0)")),
                Sample.of(kraft("RUNNING", "RUNNING")));

        assertThat(exit).isZero();
        assertThat(lines()).containsExactly(
                "the scheduler of kafka0 is up; 1 broker(s) expected, after 1 KRaft controller(s)",
                "controller 3000 is STAGING on 127.0.0.9",
                "broker 0 waits for the controller quorum: 0 of 1 controllers run, 1 needed",
                "controller 3000 is up on 127.0.0.9:30999",
                "broker 0 is starting on 127.0.0.2 (task t0)",
                "broker 0 is up on 127.0.0.2:31000",
                "kafka0: 1 of 1 brokers up, 1 of 1 controllers (4 s)");
    }

    @Test
    void saysWhyTheSchedulerDoesNotAnswerOnceAndGivesUpAfterTheTimeout() {
        int exit = watch(Duration.ofSeconds(6), Optional.of("its task s1 TASK_FAILED: exit 2: BROKER_MEM is not a number"),
                Sample.failed("HTTP 404: no framework named kafka0"));

        assertThat(exit).isEqualTo(1);
        assertThat(lines()).containsExactly("waiting for the scheduler of kafka0: HTTP 404: no framework named kafka0",
                "the scheduler of kafka0: its task s1 TASK_FAILED: exit 2: BROKER_MEM is not a number",
                "kafka0: gave up waiting after 6 s: the scheduler never answered; it goes on: "
                        + "dcos kafka --framework-name=kafka0 status --wait");
    }
}
