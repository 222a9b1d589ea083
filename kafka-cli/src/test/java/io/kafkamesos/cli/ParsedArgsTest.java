package io.kafkamesos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedArgsTest {

    @Test
    void acceptsBothOptionFormsAnywhere() {
        ParsedArgs args = ParsedArgs.parse(List.of("--framework-name=kafka1", "topic", "create", "topic1",
                "--partitions", "3", "--replication=2"));
        assertThat(args.positionals()).containsExactly("topic", "create", "topic1");
        assertThat(args.options()).isEqualTo(Map.of("framework-name", "kafka1", "partitions", "3", "replication", "2"));
        assertThat(args.help()).isFalse();
    }

    @Test
    void keepsEmptyAndEqualsSignValues() {
        assertThat(ParsedArgs.parse(List.of("--key=a=b")).options()).containsEntry("key", "a=b");
        assertThat(ParsedArgs.parse(List.of("--key=")).options()).containsEntry("key", "");
    }

    @Test
    void seesHelpAndStopsAtDoubleDash() {
        assertThat(ParsedArgs.parse(List.of("topic", "--help")).help()).isTrue();
        assertThat(ParsedArgs.parse(List.of("topic", "config", "--", "t", "k", "--v")).positionals())
                .containsExactly("topic", "config", "t", "k", "--v");
    }

    @Test
    void refusesUnknownRepeatedOrValuelessOptions() {
        assertThatThrownBy(() -> ParsedArgs.parse(List.of("--force"))).hasMessage("unknown option --force");
        assertThatThrownBy(() -> ParsedArgs.parse(List.of("--partitions"))).hasMessage("option --partitions needs a value");
        assertThatThrownBy(() -> ParsedArgs.parse(List.of("--key=a", "--key=b"))).hasMessage("option --key is given twice");
    }
}
