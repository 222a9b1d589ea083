package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.cli.pkg.CliInputs;
import io.kafkamesos.cli.pkg.PackageCli;
import io.kafkamesos.cli.progress.Sleeper;
import io.kafkamesos.cli.support.CliRunner;
import io.kafkamesos.cli.support.CommandFactory;
import io.kafkamesos.cli.support.CompletionCommand;
import io.kafkamesos.cli.support.JsonHttp;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code dcos} main: {@code dcos kafka ...}, {@code dcos config ...}, {@code dcos package ...},
 * {@code dcos marathon ...} and {@code dcos completion ...}, parsed with picocli. Kafka commands
 * call the scheduler's API and print its JSON as the DC/OS CLI does. Exit status: 0 success, 1 the
 * service refused or failed (its message goes to stderr), 2 a bad command line (the message and the
 * command's usage go to stderr). Words that start with none of those commands are kafka's
 * ({@code java -jar kafka-cli.jar topic list}).
 */
public final class DcosKafka {

    static final int OK = CliRunner.OK;
    static final int FAILED = CliRunner.FAILED;
    static final int USAGE = CliRunner.USAGE;

    private static final Set<String> TOP = Set.of("kafka", "config", "package", "marathon", "completion", "help",
            "-h", "--help");

    private final KafkaSession session;

    DcosKafka(KafkaSession session) {
        this.session = requireNonNull(session, "session");
    }

    DcosKafka(Map<String, String> env, CliConfig config, JsonHttp http, PrintStream out, PrintStream err) {
        this(KafkaSession.plain(env, config, http, out, err));
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        int columns = columns(env.get("COLUMNS"));
        CliConfig config = new CliConfig(CliConfig.defaultFile(env));
        // the token of `dcos config set core.dcos_acs_token` (or DCOS_ACS_TOKEN) goes with every request
        // and https answers are checked against core.ssl_verify's CA file (or DCOS_SSL_VERIFY)
        Optional<String> token;
        Optional<javax.net.ssl.SSLContext> trust;
        try {
            token = CliConfig.token(env, config);
            trust = CliConfig.trust(env, config);
        } catch (RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(FAILED);
            return;
        }
        KafkaSession session = new KafkaSession(env, config, JsonHttp.create(token, trust),
                System.out, System.err, terminal, columns, Clock.systemUTC(), Sleeper.system());
        int status = new DcosKafka(session).run(Arrays.asList(args));
        System.out.flush();
        System.exit(status);
    }

    int run(List<String> args) {
        KafkaCommand kafka = new KafkaCommand(session);
        CliInputs inputs = new CliInputs(session.env(), session.config().get(CliConfig.DCOS_URL),
                Optional.ofNullable(session.config().file().toAbsolutePath().getParent()));
        CommandFactory factory = KafkaCommand.factory(kafka)
                .register(ConfigCommand.class, () -> new ConfigCommand(session.config(), session.out(), session.err()));
        PackageCli.register(factory, inputs, session.http(), session.out(), session.err());
        List<Class<?>> commands = new ArrayList<>(List.of(KafkaCommand.class, ConfigCommand.class));
        commands.addAll(PackageCli.COMMANDS);
        commands.add(CompletionCommand.class);
        CommandLine root = CliRunner.root(factory, commands);
        List<String> words = args.isEmpty() || TOP.contains(args.get(0)) ? args : withKafka(args);
        return new CliRunner(session.out(), session.err()).execute(root, words, (command, outcome) -> {
            if (outcome instanceof KafkaAction action) {
                return action.run(kafka.api());
            }
            throw new IllegalStateException("no way to run " + outcome);
        });
    }

    private static List<String> withKafka(List<String> args) {
        List<String> words = new ArrayList<>(List.of("kafka"));
        words.addAll(args);
        return words;
    }

    private static int columns(String value) {
        try {
            return value == null ? 100 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
