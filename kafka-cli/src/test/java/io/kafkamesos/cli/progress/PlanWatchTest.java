package io.kafkamesos.cli.progress;

import static io.kafkamesos.cli.progress.Plans.noPlan;
import static io.kafkamesos.cli.progress.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanWatchTest {

    private final FakeTime time = new FakeTime();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Answers the samples in turn, then the last one for ever. */
    private static Source answers(Sample... samples) {
        Deque<Sample> queue = new ArrayDeque<>(List.of(samples));
        return () -> queue.size() > 1 ? queue.poll() : queue.peek();
    }

    private int watch(boolean terminal, Duration timeout, Sample... samples) {
        return new PlanWatch(answers(samples), ProgressOutput.of(out, terminal, 120),
                time.pacing(Duration.ofSeconds(2), timeout), terminal).run();
    }

    private List<String> lines() {
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void inAPipeWritesOneLinePerChangeUntilComplete() {
        int status = watch(false, null,
                Sample.failed("cannot connect to http://x/service/k/v1/plan (GET)"),
                Sample.of(noPlan()),
                Sample.of(plan("2", "IN_PROGRESS", "IN_PROGRESS:restarting broker 0", "PENDING:broker 1 runs an older configuration")),
                Sample.of(plan("2", "IN_PROGRESS", "IN_PROGRESS:restarting broker 0", "PENDING:broker 1 runs an older configuration")),
                Sample.of(plan("2", "IN_PROGRESS", "COMPLETE:broker 0 runs target 2 and is in sync", "IN_PROGRESS:restarting broker 1")),
                Sample.of(plan("2", "COMPLETE", "COMPLETE:broker 0 runs target 2 and is in sync", "COMPLETE:broker 1 runs target 2 and is in sync")));

        assertThat(status).isZero();
        assertThat(lines()).containsExactly(
                "waiting for the scheduler: cannot connect to http://x/service/k/v1/plan (GET)",
                "plan: the scheduler has made no plan yet (no plan yet)",
                "target 2: BROKER_HEAP_MB: 256 -> 240",
                "restart-0 IN_PROGRESS: restarting broker 0",
                "restart-1 PENDING: broker 1 runs an older configuration",
                "plan: target 2 IN_PROGRESS, 0/2 steps complete",
                "restart-0 COMPLETE: broker 0 runs target 2 and is in sync",
                "restart-1 IN_PROGRESS: restarting broker 1",
                "plan: target 2 IN_PROGRESS, 1/2 steps complete",
                "restart-1 COMPLETE: broker 1 runs target 2 and is in sync",
                "plan: target 2 COMPLETE, 2/2 steps complete");
        assertThat(time.sleeps()).isEqualTo(5);
    }

    @Test
    void aStepInErrorEndsTheWatchWithExitOneAndTheErrors() {
        int status = watch(false, null,
                Sample.of(plan("3", "IN_PROGRESS", "IN_PROGRESS:restarting broker 0")),
                Sample.of(plan("3", "ERROR", "ERROR:broker 0 did not become healthy within 900 s")));

        assertThat(status).isEqualTo(1);
        assertThat(lines()).contains("restart-0 ERROR: broker 0 did not become healthy within 900 s",
                "plan: target 3 ERROR, 0/1 steps complete",
                "error: broker 0 did not become healthy within 900 s");
        assertThat(lines().get(lines().size() - 1)).contains("dcos kafka plan restart");
    }

    @Test
    void givesUpAfterTheTimeoutWithExitOne() {
        int status = watch(false, Duration.ofSeconds(10), Sample.of(plan("2", "WAITING", "PENDING:no offer yet")));

        assertThat(status).isEqualTo(1);
        assertThat(lines().get(lines().size() - 1)).startsWith("gave up after 10 s: plan: target 2 WAITING");
        assertThat(lines()).doesNotHaveDuplicates();
    }

    @Test
    void onATerminalRedrawsOneCompactLineInPlace() {
        int status = watch(true, null,
                Sample.of(plan("2", "IN_PROGRESS", "IN_PROGRESS:restarting broker 0", "PENDING:")),
                Sample.of(plan("2", "IN_PROGRESS", "COMPLETE:done", "IN_PROGRESS:restarting broker 1")),
                Sample.of(plan("2", "COMPLETE", "COMPLETE:done", "COMPLETE:done")));

        assertThat(status).isZero();
        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("\r\u001b[Kplan: target 2 IN_PROGRESS, 0/2 steps complete | restart-0 IN_PROGRESS: "
                + "restarting broker 0 (0 s)");
        assertThat(screen).contains("\r\u001b[Kplan: target 2 IN_PROGRESS, 1/2 steps complete | restart-1 IN_PROGRESS");
        // one line in all: the redraws, then the final line
        assertThat(screen.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(screen).endsWith("plan: target 2 COMPLETE, 2/2 steps complete (4 s)\n");
    }

    @Test
    void aPlanAtTheOperatorsGateEndsTheWatchWithExit3() {
        int status = watch(false, null,
                Sample.of(Plans.upgradeAtGate("IN_PROGRESS", "PENDING", "")),
                Sample.of(Plans.upgradeAtGate("WAITING", "WAITING", "finalize: every broker runs Kafka 3.9.1")));

        assertThat(status).isEqualTo(3);
        assertThat(lines()).contains("finalize WAITING: waits for the operator",
                "plan: target 5 WAITING, 1/3 steps complete: finalize: every broker runs Kafka 3.9.1");
        assertThat(lines().get(lines().size() - 1))
                .isEqualTo("the plan waits for the operator at finalize: dcos kafka plan continue goes on");
    }

    @Test
    void anInterruptedPlanAtTheGateIsWatchedOn() {
        assertThat(PlanProgress.outcome(Plans.upgradeAtGate("INTERRUPTED", "WAITING", "interrupted")))
                .isEqualTo(PlanProgress.Outcome.GOING);
    }
}
