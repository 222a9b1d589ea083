package io.kafkamesos.cli.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.cli.pkg.CommandLine.UsageError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static final CommandLine.Syntax SYNTAX =
            new CommandLine.Syntax(Set.of("framework-name", "partitions", "replication", "key"), Set.of("force"));

    private static CommandLine parse(String... words) {
        return CommandLine.parse(List.of(words), SYNTAX);
    }

    @Test
    void acceptsBothOptionFormsAnywhere() {
        CommandLine line = parse("--framework-name=kafka1", "topic", "create", "topic1",
                "--partitions", "3", "--replication=2");
        assertThat(line.positionals()).containsExactly("topic", "create", "topic1");
        assertThat(line.options()).isEqualTo(Map.of("framework-name", "kafka1", "partitions", "3", "replication", "2"));
        assertThat(line.option("key")).isEmpty();
        assertThat(line.flags()).isEmpty();
        assertThat(line.help()).isFalse();
    }

    @Test
    void keepsEmptyAndEqualsSignValues() {
        assertThat(parse("--key=a=b").option("key")).contains("a=b");
        assertThat(parse("--key=").option("key")).contains("");
    }

    @Test
    void takesDeclaredFlagsWithoutAValueAnywhere() {
        CommandLine line = parse("broker", "replace", "--force", "1");
        assertThat(line.positionals()).containsExactly("broker", "replace", "1");
        assertThat(line.flag("force")).isTrue();
        assertThat(line.options()).isEmpty();
        assertThat(parse("broker", "replace", "1", "--force", "--force").flags()).containsExactly("force");
    }

    @Test
    void seesHelpAndStopsAtDoubleDash() {
        assertThat(parse("topic", "--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
        assertThat(parse("topic", "config", "--", "t", "k", "--v", "--force").positionals())
                .containsExactly("topic", "config", "t", "k", "--v", "--force");
    }

    @Test
    void refusesUnknownRepeatedOrValuelessOptionsAndFlagsWithValues() {
        assertThatThrownBy(() -> parse("--yes")).isInstanceOf(UsageError.class).hasMessage("unknown option --yes");
        assertThatThrownBy(() -> parse("--partitions")).hasMessage("option --partitions needs a value");
        assertThatThrownBy(() -> parse("--key=a", "--key=b")).hasMessage("option --key is given twice");
        assertThatThrownBy(() -> parse("--force=true")).hasMessage("option --force takes no value");
        assertThatThrownBy(() -> parse("--help=x")).hasMessage("option --help takes no value");
    }

    @Test
    void allowRefusesWhatACommandDoesNotTake() {
        assertThat(parse("x", "--force", "--help").allow("x", Set.of("force")).flag("force")).isTrue();
        assertThatThrownBy(() -> parse("x", "--force").allow("x", Set.of())).hasMessage("x does not take --force");
        assertThatThrownBy(() -> parse("x", "--key=k").allow("x", Set.of("force")))
                .hasMessage("x does not take --key");
    }
}
