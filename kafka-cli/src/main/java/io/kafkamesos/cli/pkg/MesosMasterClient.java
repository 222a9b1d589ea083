package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.support.JsonHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a framework by name in the master's {@code /master/state} and tears it down with
 * {@code POST /master/teardown}, as the DC/OS CLI does after removing a framework's Marathon app:
 * without it the framework's tasks (the brokers) would run until its failover timeout ends.
 * DC/OS serves the master under {@code $DCOS_URI/mesos}; a bare master (mesos-local) at the root,
 * so both are tried, in that order.
 */
final class MesosMasterClient {

    private final JsonHttp http;
    private final List<String> bases;

    MesosMasterClient(JsonHttp http, List<String> baseUrls) {
        this.http = requireNonNull(http, "http");
        this.bases = List.copyOf(baseUrls);
    }

    /** The outcome of a teardown, for the user. */
    record Teardown(List<String> frameworkIds, Optional<String> problem) {
    }

    /** Tears down every registered framework named {@code name}; never throws for an absent endpoint. */
    Teardown teardown(String name) {
        List<String> problems = new ArrayList<>();
        for (String base : bases) {
            URI state = URI.create(base + "/master/state");
            JsonHttp.Answer answer;
            try {
                answer = http.send("GET", state, Optional.empty());
            } catch (JsonHttp.HttpFailure e) {
                problems.add(e.getMessage());
                continue;
            }
            if (!answer.ok() || answer.json().isEmpty()) {
                problems.add("GET " + state + " answered HTTP " + answer.status());
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode framework : answer.json().get().path("frameworks")) {
                // A framework whose scheduler is gone is inactive but still holds its tasks: tear it down too.
                if (name.equals(framework.path("name").asText())) {
                    ids.add(framework.path("id").asText());
                }
            }
            URI teardown = URI.create(base + "/master/teardown");
            for (String id : ids) {
                JsonHttp.Answer done = http.sendForm(teardown,
                        "frameworkId=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                if (!done.ok()) {
                    return new Teardown(ids, Optional.of("POST " + teardown + " for framework " + id
                            + " answered HTTP " + done.status() + ": " + done.message()));
                }
            }
            return new Teardown(ids, Optional.empty());
        }
        return new Teardown(List.of(), Optional.of(String.join("; ", problems)));
    }
}
