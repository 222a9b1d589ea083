package io.kafkamesos.cli.progress;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code dcos kafka plan show --watch}: looks at {@code /v1/plan} every interval and shows what
 * changed until the plan is COMPLETE (exit 0) or a step is in ERROR (exit 1, with the errors). A
 * scheduler that does not answer (Marathon is replacing it) is waited for, and said so. A plan
 * without a target (a scheduler that has only just started) is not complete yet. A plan that waits
 * at a gate for the operator (an upgrade's finalize) ends the watch with exit 3: it goes on only
 * after {@code dcos kafka plan continue}.
 */
public final class PlanWatch {

    private final Source plans;
    private final ProgressOutput output;
    private final Pacing pacing;
    private final boolean compact;

    /**
     * @param compact a terminal: one status line redrawn in place instead of a line per change
     */
    public PlanWatch(Source plans, ProgressOutput output, Pacing pacing, boolean compact) {
        this.plans = requireNonNull(plans, "plans");
        this.output = requireNonNull(output, "output");
        this.pacing = requireNonNull(pacing, "pacing");
        this.compact = compact;
    }

    /** Watches until the plan ends or the timeout; the exit status. */
    public int run() {
        Instant start = pacing.now();
        PlanProgress progress = new PlanProgress();
        JsonNode last = null;
        while (true) {
            Sample sample = plans.poll();
            String elapsed = " (" + Pacing.elapsed(start, pacing.now()) + ")";
            if (sample.json().isEmpty()) {
                show("waiting for the scheduler: " + sample.problem(), elapsed);
            } else {
                JsonNode plan = sample.json().get();
                last = plan;
                if (compact) {
                    output.status(PlanProgress.compact(plan) + elapsed);
                } else {
                    progress.changes(plan).forEach(output::line);
                }
                switch (PlanProgress.outcome(plan)) {
                    case COMPLETE -> {
                        output.finish();
                        if (compact) {
                            output.line(PlanProgress.planLine(plan) + elapsed);
                        }
                        return 0;
                    }
                    case ERROR -> {
                        output.finish();
                        if (compact) {
                            output.line(PlanProgress.planLine(plan));
                        }
                        PlanProgress.errors(plan).forEach(e -> output.line("error: " + e));
                        output.line("the plan waits for the operator: fix the cause, then "
                                + "dcos kafka plan restart <step>");
                        return 1;
                    }
                    case OPERATOR -> {
                        output.finish();
                        if (compact) {
                            output.line(PlanProgress.planLine(plan));
                        }
                        output.line("the plan waits for the operator at "
                                + PlanProgress.gateForTheOperator(plan).map(g -> g.path("name").asText()).orElse("a gate")
                                + ": dcos kafka plan continue goes on");
                        return 3;
                    }
                    default -> {
                        // still going
                    }
                }
            }
            if (pacing.expired(start)) {
                output.finish();
                output.line("gave up after " + Pacing.elapsed(start, pacing.now()) + ": "
                        + (last == null ? "the scheduler never answered" : PlanProgress.compact(last)));
                return 1;
            }
            pacing.pause();
        }
    }

    private void show(String text, String elapsed) {
        if (compact) {
            output.status(text + elapsed);
        } else {
            output.line(text);
        }
    }
}
