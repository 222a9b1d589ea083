package io.kafkamesos.cli.support;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Says what is wrong with a command line in this CLI's words: the option or word, the command it
 * does not fit and the command's synopsis ({@code option --force does not apply to "broker
 * restart"}, {@code missing arguments; usage: dcos kafka broker describe <id>}). Pure.
 */
public final class UsageErrors {

    private UsageErrors() {
    }

    public static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(spec, unmatched.getUnmatched().get(0));
        }
        if (e instanceof MissingParameterException missing) {
            List<ArgSpec> args = missing.getMissing();
            if (args.isEmpty() || args.stream().anyMatch(ArgSpec::isPositional)) {
                return "missing arguments; usage: " + Synopsis.of(spec);
            }
            return "\"" + Synopsis.path(spec) + "\" needs " + ((OptionSpec) args.get(0)).longestName();
        }
        if (e instanceof OverwrittenOptionException overwritten && overwritten.getOverwritten() instanceof OptionSpec o) {
            return "option " + o.longestName() + " is given twice";
        }
        // --force=yes: picocli reads the value of a flag as a value too many, or as a bad boolean
        if (e.getArgSpec() instanceof OptionSpec option && !Synopsis.takesValue(option)) {
            return "option " + option.longestName() + " takes no value";
        }
        return e.getMessage();
    }

    private static String unmatched(CommandSpec spec, String word) {
        if (word.startsWith("-") && word.length() > 1 && !word.matches("-\\d.*")) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (knownOption(root(spec), name)) {
                return "option " + name + " does not apply to \"" + Synopsis.path(spec) + "\"";
            }
            return "unknown option " + name;
        }
        if (spec.subcommands().isEmpty()) {
            return "too many arguments; usage: " + Synopsis.of(spec);
        }
        String path = Synopsis.path(spec);
        return (path.equals("kafka") || path.equals("dcos") ? "unknown command" : "unknown " + path + " command")
                + " \"" + word + "\"";
    }

    private static CommandSpec root(CommandSpec spec) {
        CommandSpec at = spec;
        while (at.parent() != null) {
            at = at.parent();
        }
        return at;
    }

    private static boolean knownOption(CommandSpec spec, String name) {
        if (spec.findOption(name) != null) {
            return true;
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (knownOption(sub.getCommandSpec(), name)) {
                return true;
            }
        }
        return false;
    }
}
