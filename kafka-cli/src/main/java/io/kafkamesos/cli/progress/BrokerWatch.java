package io.kafkamesos.cli.progress;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits until every broker of a cluster runs and is registered in Kafka, reading the scheduler's
 * {@code /v1/status}, and prints each broker as it comes up and why one waits (in the scheduler's
 * words). Used by {@code dcos package install}, {@code dcos kafka status --wait} and
 * {@code bin/kafka-local up}. While the scheduler does not answer, says that, and what its
 * Marathon app reports when it has something to say (a failed scheduler task).
 */
public final class BrokerWatch {

    private final String cluster;
    private final Source status;
    private final Supplier<Optional<String>> schedulerTrouble;
    private final ProgressOutput output;
    private final Pacing pacing;

    /**
     * @param cluster the framework name, for the lines
     * @param schedulerTrouble why the scheduler may not answer (e.g. Marathon's last task failure), if known
     */
    public BrokerWatch(String cluster, Source status, Supplier<Optional<String>> schedulerTrouble,
            ProgressOutput output, Pacing pacing) {
        this.cluster = requireNonNull(cluster, "cluster");
        this.status = requireNonNull(status, "status");
        this.schedulerTrouble = requireNonNull(schedulerTrouble, "schedulerTrouble");
        this.output = requireNonNull(output, "output");
        this.pacing = requireNonNull(pacing, "pacing");
    }

    /** 0 when every broker is up, 1 when the timeout came first. */
    public int run() {
        Instant start = pacing.now();
        BrokerProgress progress = new BrokerProgress();
        boolean schedulerSeen = false;
        JsonNode last = null;
        String lastWaiting = "";
        String lastTrouble = "";
        while (true) {
            Sample sample = status.poll();
            String elapsed = " (" + Pacing.elapsed(start, pacing.now()) + ")";
            if (sample.json().isEmpty()) {
                lastWaiting = once(lastWaiting, schedulerSeen
                        ? "the scheduler of " + cluster + " does not answer: " + sample.problem()
                        : "waiting for the scheduler of " + cluster + ": " + sample.problem());
                String trouble = schedulerTrouble.get().map(t -> "the scheduler of " + cluster + ": " + t).orElse("");
                lastTrouble = trouble.isEmpty() ? lastTrouble : once(lastTrouble, trouble);
                output.status("waiting for the scheduler of " + cluster + elapsed);
            } else {
                JsonNode report = sample.json().get();
                if (!schedulerSeen) {
                    schedulerSeen = true;
                    int controllers = report.path("controllers").size();
                    output.line("the scheduler of " + cluster + " is up; " + BrokerProgress.expected(report)
                            + " broker(s) expected" + (controllers == 0 ? ""
                            : ", after " + controllers + " KRaft controller(s)"));
                }
                last = report;
                lastWaiting = "";
                progress.changes(report).forEach(output::line);
                if (BrokerProgress.allUp(report)) {
                    output.finish();
                    int controllers = report.path("controllers").size();
                    output.line(cluster + ": " + BrokerProgress.up(report) + " of " + BrokerProgress.expected(report)
                            + " brokers up" + (controllers == 0 ? "" : ", " + controllers + " of "
                            + controllers + " controllers") + elapsed);
                    return 0;
                }
                output.status(BrokerProgress.summary(report) + elapsed);
            }
            if (pacing.expired(start)) {
                output.finish();
                output.line(cluster + ": gave up waiting after " + Pacing.elapsed(start, pacing.now()) + ": "
                        + (last == null ? "the scheduler never answered" : BrokerProgress.summary(last))
                        + "; it goes on: dcos kafka --framework-name=" + cluster + " status --wait");
                return 1;
            }
            pacing.pause();
        }
    }

    // The same reason is said once, however many looks it lasts.
    private String once(String before, String now) {
        if (!now.equals(before)) {
            output.line(now);
        }
        return now;
    }
}
