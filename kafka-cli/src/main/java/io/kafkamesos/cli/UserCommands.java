package io.kafkamesos.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamesos.cli.support.CliException;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dcos kafka user list|describe|create|delete}: the cluster's SCRAM users
 * ({@code /v1/users}). A password goes in the request's body, never in its URL; without
 * {@code --password} or {@code --password-file} the service generates one and answers it once.
 * {@code dcos kafka user certificate <name> --csr FILE} has the cluster CA sign a user's own
 * certificate request ({@code AUTHENTICATION=MTLS} clusters).
 */
@Command(name = "user", description = "The cluster's SCRAM users (Kafka 2.7 and newer) and mTLS users' certificates.")
final class UserCommands implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("missing user command: list, describe, create, delete or certificate");
    }

    @Command(name = "list", description = "Every user and its mechanisms (never a password).")
    ApiRequest list() {
        return ApiRequest.of("GET", "/v1/users");
    }

    @Command(name = "describe", description = "One user and its mechanisms.")
    ApiRequest describe(@Parameters(paramLabel = "<name>") String name) {
        return ApiRequest.of("GET", path(name));
    }

    @Command(name = "create", description = {"Creates a user (--update: sets the password of one that exists).",
            "Without --password or --password-file a password is generated and printed once."})
    KafkaAction create(@Parameters(paramLabel = "<name>") String name,
            @Option(names = "--password", paramLabel = "PASSWORD",
                    description = "The password (shows in ps and the shell's history; --password-file does not).")
            String password,
            @Option(names = "--password-file", paramLabel = "FILE",
                    description = "A file whose first line is the password.") Path passwordFile,
            @Option(names = "--mechanism", paramLabel = "MECHANISM",
                    description = "SCRAM-SHA-512 (default) or SCRAM-SHA-256.") String mechanism,
            @Option(names = "--iterations", paramLabel = "N", description = "4096 (default) to 16384.")
            String iterations,
            @Option(names = "--update", arity = "0", description = "The user may exist: set its password.")
            boolean update) {
        if (password != null && passwordFile != null) {
            throw new UsageException("give --password or --password-file, not both");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (update) {
            query.put("update", "true");
        }
        if (passwordFile == null) {
            return request(name, Optional.ofNullable(password), mechanism, iterations, query);
        }
        // the file is read when the command runs, not while its words are parsed
        return api -> request(name, Optional.of(readPassword(passwordFile)), mechanism, iterations, query).run(api);
    }

    @Command(name = "delete", description = "Deletes a user's credentials (every mechanism, or --mechanism's).")
    ApiRequest delete(@Parameters(paramLabel = "<name>") String name,
            @Option(names = "--mechanism", paramLabel = "MECHANISM", description = "Only this mechanism's.")
            String mechanism) {
        return mechanism == null ? ApiRequest.of("DELETE", path(name))
                : new ApiRequest("DELETE", path(name), Map.of("mechanism", mechanism));
    }

    @Command(name = "certificate", description = {"Signs a user's certificate request with the cluster CA"
            + " (AUTHENTICATION=MTLS clusters).", "Prints the certificate, the CA and the principal for ACLs"
            + " (User:CN=<name>)."})
    KafkaAction certificate(@Parameters(paramLabel = "<name>") String name,
            @Option(names = "--csr", paramLabel = "FILE", required = true,
                    description = "The PEM certificate request, e.g. from openssl req -new.") Path csr) {
        // the file is read when the command runs, not while its words are parsed
        return api -> {
            ObjectNode body = JsonHttp.JSON.createObjectNode();
            body.put("csr", read(csr, "--csr"));
            return new ApiRequest("POST", path(name) + "/certificate", Map.of(), Optional.of(body)).run(api);
        };
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + option + " " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ApiRequest request(String name, Optional<String> password, String mechanism, String iterations,
            Map<String, String> query) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        password.ifPresent(p -> body.put("password", p));
        if (mechanism != null) {
            body.put("mechanism", mechanism);
        }
        if (iterations != null) {
            // a number as a number; anything else as given, for the service to refuse by name
            if (iterations.matches("\\d{1,9}")) {
                body.put("iterations", Integer.parseInt(iterations));
            } else {
                body.put("iterations", iterations);
            }
        }
        return new ApiRequest("POST", path(name), query, Optional.of(body));
    }

    private static String readPassword(Path file) {
        String text = read(file, "--password-file");
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String path(String name) {
        return "/v1/users/" + ApiRequest.encode(name);
    }
}
