package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.cli.progress.BrokerWatch;
import io.kafkamesos.cli.support.CliRunner;
import io.kafkamesos.cli.support.CommandFactory;
import io.kafkamesos.cli.support.DurationConverter;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageErrors;
import io.kafkamesos.cli.support.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code dcos kafka [--framework-name=NAME] <command>}: the maintenance API of one cluster. Each
 * command builds a {@link KafkaAction} from its words (no I/O); {@link DcosKafka} runs it.
 */
@Command(name = "kafka", description = "The maintenance API of one Kafka cluster: its brokers, controllers, topics, plan, "
        + "users and ACLs.",
        subcommands = {BrokerCommands.class, ControllerCommands.class, TopicCommands.class, PlanCommands.class, UserCommands.class,
                AclCommands.class},
        footer = {"", "The service is $DCOS_URI (or core.dcos_url) + /service/<framework-name>.",
                "KAFKA_SERVICE_URL (http://host:port) calls one scheduler directly.",
                "Every request carries the token of DCOS_ACS_TOKEN or core.dcos_acs_token (Authorization: token=...).",
                "Exit status: 0 success, 1 the service refused or failed, 2 bad command line."})
final class KafkaCommand implements Callable<Integer> {

    private final KafkaSession session;
    private String frameworkName;

    KafkaCommand(KafkaSession session) {
        this.session = requireNonNull(session, "session");
    }

    @Option(names = "--framework-name", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The cluster (default: kafka.framework_name from dcos config, else kafka0).")
    void frameworkName(String name) {
        this.frameworkName = name;
    }

    @Override
    public Integer call() {
        throw new UsageException("missing command");
    }

    @Command(name = "connection", description = "The brokers' addresses and the ZooKeeper chroot, for clients.")
    ApiRequest connection() {
        return ApiRequest.of("GET", "/v1/connection");
    }

    @Command(name = "certificates", description = {"Each broker's and controller's TLS certificate as it serves it: "
            + "its end and whether it is due for renewal (GET /v1/tls/certificates; the scheduler renews due ones by a "
            + "rolling restart).",
            "With --renew: every node restarted in the rolling way for a new certificate now, due or not "
                    + "(PUT /v1/tls/certificates/renew)."})
    ApiRequest certificates(
            @Option(names = "--renew", arity = "0", description = "Renew every node's certificate now.")
            boolean renew) {
        return renew ? ApiRequest.of("PUT", "/v1/tls/certificates/renew") : ApiRequest.of("GET", "/v1/tls/certificates");
    }

    @Command(name = "version", description = "The scheduler's version, the target's Kafka version and each "
            + "broker's running version (GET /v1/version).")
    ApiRequest version() {
        return ApiRequest.of("GET", "/v1/version");
    }

    @Command(name = "status", description = {"The scheduler's view of the cluster (GET /v1/status).",
            "With --wait: every broker as it comes up, and why one waits, until all run (exit 0) or the timeout "
                    + "(exit 1)."})
    KafkaAction status(
            @Option(names = "--wait", arity = "0", description = "Wait until every broker runs and is registered.")
            boolean wait,
            @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                    converter = DurationConverter.class, description = "How long --wait waits (default ${DEFAULT-VALUE}).")
            Duration timeout,
            @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
                    converter = DurationConverter.class, description = "How often --wait looks (default ${DEFAULT-VALUE}).")
            Duration interval) {
        if (!wait) {
            return ApiRequest.of("GET", "/v1/status");
        }
        return api -> new BrokerWatch(api.frameworkName(), api.source("/v1/status"), Optional::empty, api.output(),
                api.pacing(interval, Optional.of(timeout))).run();
    }

    /** The cluster's API, as the options and settings of this run point at it. */
    KafkaApi api() {
        String name = ServiceLocator.frameworkName(Optional.ofNullable(frameworkName),
                session.config().get(CliConfig.FRAMEWORK_NAME));
        String url = ServiceLocator.serviceUrl(session.env(), session.config().get(CliConfig.DCOS_URL), name);
        return new KafkaApi(url, name, session);
    }

    /**
     * What {@code dcos kafka <words>} asks for, without running it: for tests of the command words.
     *
     * @throws UsageException when the words are not a command, with the message the CLI prints
     */
    static KafkaAction parse(List<String> words) {
        PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
        KafkaSession session = KafkaSession.plain(Map.of(), new CliConfig(Path.of("kafka-mesos.properties")),
                JsonHttp.create(), nowhere, nowhere);
        CommandLine root = CliRunner.root(factory(new KafkaCommand(session)), List.of(KafkaCommand.class));
        List<String> args = new ArrayList<>(List.of("kafka"));
        args.addAll(words);
        try {
            CommandLine.ParseResult parsed = root.parseArgs(args.toArray(String[]::new));
            new CommandLine.RunLast().execute(parsed);
            CommandLine.ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            return (KafkaAction) leaf.commandSpec().commandLine().getExecutionResult();
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(UsageErrors.describe(e));
        } catch (CommandLine.ExecutionException e) {
            if (e.getCause() instanceof UsageException usage) {
                throw usage;
            }
            throw e;
        }
    }

    /** The factory of the kafka commands, {@code kafka} itself being {@code root}. */
    static CommandFactory factory(KafkaCommand root) {
        return new CommandFactory().register(KafkaCommand.class, () -> root);
    }
}
