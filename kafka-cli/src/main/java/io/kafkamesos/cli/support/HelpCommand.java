package io.kafkamesos.cli.support;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [<command>...]} below every command family ({@code dcos kafka help topic create}):
 * the same usage as {@code --help}. picocli's own help command declares {@code -h} itself, which the
 * {@code --help} every command inherits here would clash with.
 */
@Command(name = "help", helpCommand = true, description = "Shows the usage of a command, e.g. help topic create.")
public final class HelpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<command>", description = "the command to explain")
    List<String> words;

    @Override
    public void run() {
        CommandLine at = spec.parent().commandLine();
        for (String word : words == null ? List.<String>of() : words) {
            CommandLine next = at.getSubcommands().get(word);
            if (next == null) {
                throw new UsageException("no command \"" + word + "\" in " + Synopsis.path(at.getCommandSpec()));
            }
            at = next;
        }
        at.usage(spec.commandLine().getOut());
    }
}
