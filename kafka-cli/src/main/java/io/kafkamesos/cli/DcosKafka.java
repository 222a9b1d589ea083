package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.kafkamesos.cli.pkg.CliInputs;
import io.kafkamesos.cli.pkg.CommandLine;
import io.kafkamesos.cli.pkg.CommandLine.UsageError;
import io.kafkamesos.cli.pkg.PackageCli;

/**
 * {@code dcos kafka ...} and {@code dcos config ...}: parses the words, calls the scheduler's API
 * and prints its JSON as the DC/OS CLI does. Exit status: 0 success, 1 the service refused or
 * failed (its message goes to stderr), 2 a bad command line (usage goes to stderr).
 */
public final class DcosKafka {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final CliConfig config;
    private final HttpApi api;
    private final PrintStream out;
    private final PrintStream err;

    DcosKafka(Map<String, String> env, CliConfig config, HttpApi api, PrintStream out, PrintStream err) {
        this.env = requireNonNull(env, "env");
        this.config = requireNonNull(config, "config");
        this.api = requireNonNull(api, "api");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int status = new DcosKafka(env, new CliConfig(CliConfig.defaultFile(env)), HttpApi.create(),
                System.out, System.err).run(Arrays.asList(args));
        System.out.flush();
        System.exit(status);
    }

    int run(List<String> args) {
        try {
            if (args.isEmpty()) {
                throw new UsageException("missing command");
            }
            if (args.get(0).equals("config")) {
                return config(args.subList(1, args.size()));
            }
            if (args.get(0).equals("package") || args.get(0).equals("marathon")) {
                return PackageCli.run(args, new CliInputs(env, config.get(CliConfig.DCOS_URL),
                        Optional.ofNullable(config.file().toAbsolutePath().getParent())), out, err);
            }
            List<String> kafkaArgs = args.get(0).equals("kafka") ? args.subList(1, args.size()) : args;
            CommandLine parsed = CommandLine.parse(kafkaArgs, KafkaCommands.SYNTAX);
            if (parsed.help() || (parsed.positionals().size() == 1 && parsed.positionals().get(0).equals("help"))) {
                out.print(Usage.TEXT);
                return OK;
            }
            ApiRequest request = KafkaCommands.toRequest(parsed);
            String framework = ServiceLocator.frameworkName(
                    Optional.ofNullable(parsed.options().get("framework-name")), config.get(CliConfig.FRAMEWORK_NAME));
            String serviceUrl = ServiceLocator.serviceUrl(env, config.get(CliConfig.DCOS_URL), framework);
            return call(serviceUrl, request);
        } catch (UsageException | UsageError e) {
            err.println("Error: " + e.getMessage());
            err.println();
            err.print(Usage.TEXT);
            return USAGE;
        } catch (IllegalStateException | UncheckedIOException e) {
            err.println("Error: " + e.getMessage());
            return FAILED;
        }
    }

    private int call(String serviceUrl, ApiRequest request) {
        String target = request.method() + " " + serviceUrl + request.pathAndQuery();
        HttpApi.Answer answer;
        try {
            answer = api.send(serviceUrl, request);
        } catch (ConnectException e) {
            err.println("Error: cannot connect to " + serviceUrl + " (" + target + "); is the service running?");
            return FAILED;
        } catch (HttpTimeoutException e) {
            err.println("Error: no answer from " + target + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("Error: " + target + " failed: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Error: interrupted");
            return FAILED;
        } catch (IllegalArgumentException e) {
            err.println("Error: invalid service URL " + serviceUrl + ": " + e.getMessage());
            return FAILED;
        }
        Optional<JsonNode> json = parse(answer.body());
        if (answer.status() >= 400) {
            String message = json.map(j -> j.path("message").asText(null)).orElse(null);
            err.println("Error: " + (message != null ? message : answer.body().strip())
                    + " (HTTP " + answer.status() + " from " + target + ")");
            return FAILED;
        }
        if (json.isPresent()) {
            out.println(JsonPrinter.pretty(json.get()));
            // The envelope carries the outcome of the operation itself (e.g. a failed producer test).
            JsonNode exitCode = json.get().path("exit_code");
            return exitCode.isInt() && exitCode.intValue() != 0 ? FAILED : OK;
        }
        if (!answer.body().isEmpty()) {
            out.println(answer.body());
        }
        return OK;
    }

    private int config(List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0);
        switch (command) {
            case "set" -> {
                if (args.size() != 3) {
                    throw new UsageException("usage: dcos config set <key> <value>");
                }
                config.set(args.get(1), args.get(2));
                return OK;
            }
            case "unset" -> {
                if (args.size() != 2) {
                    throw new UsageException("usage: dcos config unset <key>");
                }
                if (!config.unset(args.get(1))) {
                    err.println("Error: " + args.get(1) + " is not set");
                    return FAILED;
                }
                return OK;
            }
            case "show" -> {
                if (args.size() == 1) {
                    config.all().forEach((key, value) -> out.println(key + " " + value));
                    return OK;
                }
                if (args.size() == 2) {
                    CliConfig.checkKey(args.get(1));
                    Optional<String> value = config.get(args.get(1));
                    if (value.isEmpty()) {
                        err.println("Error: " + args.get(1) + " is not set");
                        return FAILED;
                    }
                    out.println(value.get());
                    return OK;
                }
                throw new UsageException("usage: dcos config show [<key>]");
            }
            default -> throw new UsageException("unknown config command \"" + command + "\"; use set, unset or show");
        }
    }

    private static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
