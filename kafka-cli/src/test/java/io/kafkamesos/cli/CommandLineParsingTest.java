package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How picocli reads the words of every command: the forms the seed's examples and scripts use. */
class CommandLineParsingTest {

    @TempDir
    Path dir;

    private static String request(String... words) {
        ApiRequest request = (ApiRequest) KafkaCommand.parse(List.of(words));
        return request.method() + " " + request.pathAndQuery();
    }

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DcosKafka(Map.of("DCOS_URI", "http://127.0.0.1:1"), new CliConfig(dir.resolve("c.properties")),
                JsonHttp.create(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsBothOptionFormsAnywhere() {
        assertThat(request("--framework-name=kafka1", "topic", "create", "topic1", "--partitions", "3",
                "--replication=2")).isEqualTo("POST /v1/topics?name=topic1&partitions=3&replication=2");
        assertThat(request("topic", "create", "--replication", "2", "topic1", "--partitions=3"))
                .isEqualTo("POST /v1/topics?name=topic1&partitions=3&replication=2");
    }

    @Test
    void keepsEqualsSignsInValuesAndRefusesBlankOnes() {
        assertThat(request("topic", "delete_config", "t", "--key=a=b"))
                .isEqualTo("PUT /v1/topics/t?operation=deleteConfig&key=a%3Db");
        assertThatThrownBy(() -> request("topic", "delete_config", "t", "--key="))
                .hasMessage("\"topic delete_config\" needs --key");
    }

    @Test
    void takesFlagsAnywhereAndMoreThanOnce() {
        assertThat(request("broker", "replace", "--force", "1")).isEqualTo("PUT /v1/brokers/1/replace?force=true");
        assertThat(request("broker", "replace", "1", "--force", "--force")).isEqualTo("PUT /v1/brokers/1/replace?force=true");
    }

    @Test
    void doubleDashEndsTheOptions() {
        assertThat(request("topic", "config", "--", "t", "k", "--v"))
                .isEqualTo("PUT /v1/topics/t?operation=config&key=k&value=--v");
    }

    @Test
    void refusesUnknownRepeatedOrValuelessOptionsAndFlagsWithValues() {
        assertThatThrownBy(() -> request("topic", "list", "--yes")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --yes");
        assertThatThrownBy(() -> request("topic", "delete_config", "t", "--key"))
                .hasMessageContaining("--key");
        assertThatThrownBy(() -> request("topic", "delete_config", "t", "--key=a", "--key=b"))
                .hasMessage("option --key is given twice");
        assertThatThrownBy(() -> request("broker", "replace", "1", "--force=now"))
                .hasMessage("option --force takes no value");
        assertThat(request("broker", "replace", "1", "--force=false")).isEqualTo("PUT /v1/brokers/1/replace");
    }

    @Test
    void everyCommandAndSubcommandHasHelp() {
        for (List<String> words : List.of(List.of("--help"), List.of("kafka", "--help"), List.of("kafka", "-h"),
                List.of("kafka", "topic", "--help"), List.of("kafka", "topic", "create", "--help"),
                List.of("kafka", "plan", "show", "--help"), List.of("kafka", "version", "--help"),
                List.of("config", "set", "--help"), List.of("package", "install", "--help"),
                List.of("marathon", "app", "update", "--help"), List.of("completion", "--help"),
                List.of("kafka", "help", "topic"), List.of("help"))) {
            Run run = run(words.toArray(String[]::new));
            assertThat(run.status()).as("%s: %s", words, run.err()).isZero();
            assertThat(run.out()).as("%s", words).startsWith("Usage: dcos");
            assertThat(run.err()).as("%s", words).isEmpty();
        }
        assertThat(run("kafka", "topic", "create", "--help").out())
                .startsWith("Usage: dcos kafka [--framework-name=NAME] topic create <name> --partitions=N "
                        + "--replication=N\n")
                .contains("--partitions=N");
        assertThat(run("kafka", "--help").out()).contains("connection").contains("broker").contains("topic")
                .contains("plan").contains("version").contains("status");
    }

    @Test
    void usageErrorsSayWhatIsWrongAndShowTheCommandsUsageWithoutAStackTrace() {
        Run run = run("kafka", "broker", "describe");
        assertThat(run.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Error: missing arguments; usage: dcos kafka broker describe <id>\n\n"
                + "Usage: dcos kafka [--framework-name=NAME] broker describe <id>\n").doesNotContain("\tat ");
        Run bad = run("kafka", "plan", "show", "--watch", "--interval=soon");
        assertThat(bad.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(bad.err()).contains("'soon' is not a duration");
        assertThat(run("kafka", "plan", "show", "--timeout=1m").err())
                .startsWith("Error: --timeout applies to plan show --watch");
        assertThat(run("package").err()).startsWith("Error: missing package command");
        Run name = run("kafka", "--framework-name=../x", "topic", "list");
        assertThat(name.status()).isEqualTo(DcosKafka.USAGE);
        assertThat(name.err()).startsWith("Error: invalid framework name \"../x\"");
        assertThat(run().status()).isEqualTo(DcosKafka.USAGE);
        assertThat(run("completion", "fish").status()).isEqualTo(DcosKafka.USAGE);
    }

    @Test
    void completionScriptsCoverEveryCommand() {
        Run bash = run("completion", "bash");
        assertThat(bash.status()).as(bash.err()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("dcos")
                .contains("producer_test").contains("delete_config").contains("--framework-name")
                .contains("install").contains("update");
        Run zsh = run("completion", "zsh");
        assertThat(zsh.status()).isZero();
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F");
    }
}
