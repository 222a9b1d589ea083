package io.kafkamesos.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small {@code /v1/plan} and {@code /v1/status} answers, shaped as the scheduler writes them. */
final class Plans {

    static final ObjectMapper JSON = new ObjectMapper();

    private Plans() {
    }

    /** A plan of target {@code target} with one restart step per {@code "STATUS:message"}. */
    static JsonNode plan(String target, String status, String... steps) {
        ObjectNode plan = JSON.createObjectNode().put("status", status).put("message", "");
        plan.putObject("target").put("id", target).putArray("changes").add("BROKER_HEAP_MB: 256 -> 240");
        plan.putNull("refusal");
        ArrayNode phases = plan.putArray("phases");
        phases.addObject().put("name", "launch").put("status", "COMPLETE").putArray("steps");
        ArrayNode restart = phases.addObject().put("name", "restart").put("status", status).putArray("steps");
        for (int i = 0; i < steps.length; i++) {
            String[] parts = steps[i].split(":", 2);
            restart.addObject().put("id", "restart-" + i).put("broker", i).put("status", parts[0])
                    .put("message", parts.length > 1 ? parts[1] : "");
        }
        ArrayNode errors = plan.putArray("errors");
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].startsWith("ERROR")) {
                errors.add(steps[i].substring("ERROR:".length()));
            }
        }
        return plan;
    }

    /** An upgrade plan whose upgrade phase is done and whose finalize gate is {@code gateStatus}. */
    static JsonNode upgradeAtGate(String status, String gateStatus, String message) {
        ObjectNode plan = JSON.createObjectNode().put("status", status).put("message", message);
        plan.putObject("target").put("id", "5").putArray("changes").add("KAFKA_VERSION: 2.4.1 -> 3.9.1");
        plan.putNull("refusal");
        ArrayNode phases = plan.putArray("phases");
        phases.addObject().put("name", "launch").put("status", "COMPLETE").putArray("steps");
        phases.addObject().put("name", "upgrade").put("kind", "roll").put("status", "COMPLETE").putArray("steps")
                .addObject().put("id", "upgrade-0").put("broker", 0).put("status", "COMPLETE").put("message", "done");
        phases.addObject().put("name", "finalize").put("kind", "gate").put("waitsFor", "operator")
                .put("status", gateStatus).putArray("steps").addObject().put("id", "finalize").putNull("broker")
                .put("status", gateStatus).put("message", "waits for the operator");
        phases.addObject().put("name", "raise-protocol").put("kind", "roll").put("status", "PENDING").putArray("steps")
                .addObject().put("id", "raise-protocol-0").put("broker", 0).put("status", "PENDING").put("message", "");
        plan.putArray("errors");
        return plan;
    }

    /** What a scheduler answers before it made its plan. */
    static JsonNode noPlan() {
        ObjectNode plan = JSON.createObjectNode().put("status", "COMPLETE").put("message", "no plan yet");
        plan.putNull("target");
        plan.putArray("phases");
        return plan;
    }

    /** A status report with one broker per {@code "STATE"} or {@code "STATE:problem"}; RUNNING ones registered. */
    static JsonNode status(String... brokers) {
        ObjectNode status = JSON.createObjectNode().put("framework", "kafka0").put("severity", "warning");
        ArrayNode list = status.putArray("brokers");
        for (int i = 0; i < brokers.length; i++) {
            String[] parts = brokers[i].split(":", 2);
            ObjectNode broker = list.addObject().put("id", i).put("state", parts[0]);
            boolean running = parts[0].equals("RUNNING");
            broker.put("host", parts[0].equals("NONE") ? null : "127.0.0." + (i + 2));
            broker.put("port", running ? 31000 + i : 0);
            broker.put("registered", running && parts.length == 1);
            broker.put("problem", parts.length > 1 ? parts[1] : null);
        }
        return status;
    }
}
