package io.kafkamesos.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads successive {@code GET /v1/plan} answers and says what changed, one line per change: the
 * target, a refusal, each step whose status or message moved, and the plan's own status (always
 * last, so that the last line of a finished watch says COMPLETE or ERROR). Pure.
 */
public final class PlanProgress {

    /** Where a plan stands, for a watch. */
    public enum Outcome {
        /** The target in force is rolled out. */
        COMPLETE,
        /** A step is in ERROR: the plan waits for the operator. */
        ERROR,
        /** The plan waits at a gate for the operator ({@code dcos kafka plan continue}), e.g. an upgrade's finalize. */
        OPERATOR,
        /** Still going (or waiting, or interrupted, or no plan made yet). */
        GOING
    }

    private final Map<String, String> shown = new LinkedHashMap<>();

    /** The lines for what changed since the previous call (everything, the first time). */
    public List<String> changes(JsonNode plan) {
        List<String> lines = new ArrayList<>();
        if (!hasTarget(plan)) {
            changed("plan", "plan: the scheduler has made no plan yet (" + plan.path("message").asText("") + ")", lines);
            return lines;
        }
        JsonNode target = plan.path("target");
        List<String> changes = texts(target.path("changes"));
        changed("target", "target " + target.path("id").asText() + (changes.isEmpty() ? ""
                : ": " + String.join("; ", changes)), lines);
        String refusal = plan.path("refusal").asText("");
        changed("refusal", refusal.isEmpty() ? "" : "refused: " + refusal, lines);
        for (JsonNode step : steps(plan)) {
            String message = step.path("message").asText("");
            changed("step " + step.path("id").asText(), step.path("id").asText() + " "
                    + step.path("status").asText() + (message.isEmpty() ? "" : ": " + message), lines);
        }
        changed("plan", planLine(plan), lines);
        return lines;
    }

    /** One line for a terminal: the plan, how far it is, and the step under way. */
    public static String compact(JsonNode plan) {
        if (!hasTarget(plan)) {
            return "plan: no plan yet (" + plan.path("message").asText("") + ")";
        }
        StringBuilder line = new StringBuilder(planLine(plan));
        current(plan).ifPresent(step -> line.append(" | ").append(step.path("id").asText()).append(' ')
                .append(step.path("status").asText()).append(step.path("message").asText("").isEmpty() ? ""
                        : ": " + step.path("message").asText()));
        return line.toString();
    }

    public static Outcome outcome(JsonNode plan) {
        boolean stepInError = steps(plan).stream().anyMatch(s -> "ERROR".equals(s.path("status").asText()));
        String status = plan.path("status").asText();
        if (stepInError || "ERROR".equals(status)) {
            return Outcome.ERROR;
        }
        if (hasTarget(plan) && "COMPLETE".equals(status)) {
            return Outcome.COMPLETE;
        }
        return "WAITING".equals(status) && gateForTheOperator(plan).isPresent() ? Outcome.OPERATOR : Outcome.GOING;
    }

    /** The gate of the plan that waits for the operator, if it is at one. */
    public static java.util.Optional<JsonNode> gateForTheOperator(JsonNode plan) {
        for (JsonNode phase : plan.path("phases")) {
            if ("operator".equals(phase.path("waitsFor").asText()) && "WAITING".equals(phase.path("status").asText())) {
                return java.util.Optional.of(phase);
            }
        }
        return java.util.Optional.empty();
    }

    /** The messages of the steps in ERROR, as the plan lists them. */
    public static List<String> errors(JsonNode plan) {
        List<String> errors = texts(plan.path("errors"));
        if (errors.isEmpty()) {
            steps(plan).stream().filter(s -> "ERROR".equals(s.path("status").asText()))
                    .forEach(s -> errors.add(s.path("id").asText() + ": " + s.path("message").asText("")));
        }
        return errors;
    }

    static String planLine(JsonNode plan) {
        List<JsonNode> steps = steps(plan);
        long complete = steps.stream().filter(s -> "COMPLETE".equals(s.path("status").asText())).count();
        String status = plan.path("status").asText();
        String message = plan.path("message").asText("");
        boolean explain = !message.isEmpty() && !"COMPLETE".equals(status) && !"IN_PROGRESS".equals(status);
        return "plan: target " + plan.path("target").path("id").asText() + " " + status + ", " + complete + "/"
                + steps.size() + " steps complete" + (explain ? ": " + message : "");
    }

    private static java.util.Optional<JsonNode> current(JsonNode plan) {
        for (String status : List.of("ERROR", "IN_PROGRESS", "WAITING", "PENDING")) {
            for (JsonNode step : steps(plan)) {
                if (status.equals(step.path("status").asText())) {
                    return java.util.Optional.of(step);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void changed(String key, String text, List<String> lines) {
        String before = shown.put(key, text);
        if (!text.equals(before) && !text.isEmpty()) {
            lines.add(text);
        }
    }

    private static boolean hasTarget(JsonNode plan) {
        return plan.path("target").isObject() && !plan.path("target").path("id").asText("").isEmpty();
    }

    static List<JsonNode> steps(JsonNode plan) {
        List<JsonNode> steps = new ArrayList<>();
        plan.path("phases").forEach(phase -> phase.path("steps").forEach(steps::add));
        return steps;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
