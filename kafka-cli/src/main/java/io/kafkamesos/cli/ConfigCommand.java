package io.kafkamesos.cli;

import static java.util.Objects.requireNonNull;

import io.kafkamesos.cli.support.CliRunner;
import io.kafkamesos.cli.support.UsageException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dcos config set|unset|show}: the CLI's settings ({@code core.dcos_url},
 * {@code core.dcos_acs_token}, {@code kafka.framework_name}). {@code show} without a key masks the
 * token; {@code show core.dcos_acs_token} prints it, as the DC/OS CLI does.
 */
@Command(name = "config", description = "The CLI's settings: core.dcos_url, core.dcos_acs_token, kafka.framework_name.")
final class ConfigCommand implements Callable<Integer> {

    private final CliConfig config;
    private final PrintStream out;
    private final PrintStream err;

    ConfigCommand(CliConfig config, PrintStream out, PrintStream err) {
        this.config = requireNonNull(config, "config");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    @Override
    public Integer call() {
        throw new UsageException("missing config command: set, unset or show");
    }

    @Command(name = "set", description = "Sets a value (kept in ${DCOS_DIR:-~/.dcos}/kafka-mesos.properties).")
    int set(@Parameters(index = "0", paramLabel = "<key>") String key,
            @Parameters(index = "1", paramLabel = "<value>") String value) {
        config.set(key, value);
        return CliRunner.OK;
    }

    @Command(name = "unset", description = "Removes a value.")
    int unset(@Parameters(paramLabel = "<key>") String key) {
        if (!config.unset(key)) {
            err.println("Error: " + key + " is not set");
            return CliRunner.FAILED;
        }
        return CliRunner.OK;
    }

    @Command(name = "show", description = "Every setting (\"key value\" a line), or one value.")
    int show(@Parameters(arity = "0..1", paramLabel = "<key>") String key) {
        if (key == null) {
            config.all().forEach((k, v) -> out.println(k + " " + (CliConfig.SECRET_KEYS.contains(k) ? "********" : v)));
            return CliRunner.OK;
        }
        CliConfig.checkKey(key);
        Optional<String> value = config.get(key);
        if (value.isEmpty()) {
            err.println("Error: " + key + " is not set");
            return CliRunner.FAILED;
        }
        out.println(value.get());
        return CliRunner.OK;
    }
}
