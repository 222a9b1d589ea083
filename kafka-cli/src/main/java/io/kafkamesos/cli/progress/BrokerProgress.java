package io.kafkamesos.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads successive {@code GET /v1/status} answers (the scheduler's status page data) and says,
 * broker by broker, what changed: {@code broker 1 is up on 127.0.0.3:31001}, or why it waits, in
 * the scheduler's words ({@code broker 2 waits for an offer (...)}); in a KRaft cluster the
 * controllers first ({@code controller 3000 is up on 127.0.0.1:31000}), from the answer's
 * {@code controllers}. Pure.
 */
public final class BrokerProgress {

    private final Map<Integer, String> shown = new HashMap<>();

    /** A line for each node whose state changed since the previous call (every node, the first time). */
    public List<String> changes(JsonNode status) {
        List<String> lines = new ArrayList<>();
        for (JsonNode controller : status.path("controllers")) {
            int id = controller.path("id").asInt();
            String line = describe(controller, "controller ");
            if (!line.equals(shown.put(id, line))) {
                lines.add(line);
            }
        }
        for (JsonNode broker : status.path("brokers")) {
            int id = broker.path("id").asInt();
            String line = describe(broker);
            if (!line.equals(shown.put(id, line))) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** How many brokers the cluster expects (removed ones excepted). */
    public static int expected(JsonNode status) {
        int count = 0;
        for (JsonNode broker : status.path("brokers")) {
            if (!"REMOVED".equals(broker.path("state").asText())) {
                count++;
            }
        }
        return count;
    }

    /** How many of them run and are registered in Kafka. */
    public static int up(JsonNode status) {
        int count = 0;
        for (JsonNode broker : status.path("brokers")) {
            if (isUp(broker)) {
                count++;
            }
        }
        return count;
    }

    /** Every broker up, and in a KRaft cluster every controller running. */
    public static boolean allUp(JsonNode status) {
        int expected = expected(status);
        boolean controllers = true;
        for (JsonNode controller : status.path("controllers")) {
            controllers &= isUp(controller);
        }
        return expected > 0 && up(status) == expected && controllers;
    }

    /** {@code 2 of 3 brokers up; broker 2 waits for an offer (...)}: for a terminal's status line. */
    public static String summary(JsonNode status) {
        StringBuilder line = new StringBuilder(up(status) + " of " + expected(status) + " brokers up");
        for (JsonNode broker : status.path("brokers")) {
            if (!isUp(broker) && !"REMOVED".equals(broker.path("state").asText())) {
                line.append("; ").append(describe(broker));
                break;
            }
        }
        return line.toString();
    }

    static String describe(JsonNode broker) {
        return describe(broker, "broker ");
    }

    /** @param who {@code "broker "} or {@code "controller "} */
    static String describe(JsonNode broker, String who) {
        int id = broker.path("id").asInt();
        if (isUp(broker)) {
            return who + id + " is up on " + broker.path("host").asText() + ":" + broker.path("port").asInt();
        }
        String problem = broker.path("problem").asText("");
        if (!problem.isEmpty()) {
            return problem;
        }
        return who + id + " is " + broker.path("state").asText("unknown")
                + (broker.path("host").isTextual() ? " on " + broker.path("host").asText() : "");
    }

    private static boolean isUp(JsonNode broker) {
        return "RUNNING".equals(broker.path("state").asText()) && broker.path("registered").asBoolean();
    }
}
