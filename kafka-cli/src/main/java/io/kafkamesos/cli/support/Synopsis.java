package io.kafkamesos.cli.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's one-line synopsis as this CLI writes it: the words, the positionals, then the
 * options ({@code dcos kafka topic create <name> --partitions=N --replication=N}); optional parts
 * in brackets. Help and the options every kafka command inherits are left out, but
 * {@link #forUsage} names {@code [--framework-name=NAME]} once, after {@code dcos kafka}, as the
 * seed's examples write it.
 */
public final class Synopsis {

    static final String KAFKA = "dcos kafka";
    static final String FRAMEWORK_OPTION = "--framework-name";

    private Synopsis() {
    }

    /** For an error message: {@code usage: <this>}. */
    public static String of(CommandSpec spec) {
        return build(spec, false);
    }

    /** The first line of the command's help. */
    public static String forUsage(CommandSpec spec) {
        return build(spec, true);
    }

    /** The command's words below {@code dcos kafka} (or below {@code dcos}): {@code broker restart}. */
    public static String path(CommandSpec spec) {
        String name = spec.qualifiedName();
        if (name.equals(KAFKA)) {
            return "kafka";
        }
        if (name.startsWith(KAFKA + " ")) {
            return name.substring(KAFKA.length() + 1);
        }
        return name.startsWith("dcos ") ? name.substring("dcos ".length()) : name;
    }

    private static String build(CommandSpec spec, boolean usage) {
        String name = spec.qualifiedName();
        List<String> parts = new ArrayList<>();
        if (usage && (name.equals(KAFKA) || name.startsWith(KAFKA + " "))) {
            parts.add(KAFKA);
            parts.add("[" + FRAMEWORK_OPTION + "=NAME]");
            if (name.length() > KAFKA.length()) {
                parts.add(name.substring(KAFKA.length() + 1));
            }
        } else {
            parts.add(name);
        }
        if (spec.subcommands().values().stream().anyMatch(c -> !c.getCommandSpec().usageMessage().hidden())) {
            parts.add("<command>");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                parts.add(positional(p));
            }
        }
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !o.usageHelp() && !o.longestName().equals(FRAMEWORK_OPTION)) {
                parts.add(option(o));
            }
        }
        return String.join(" ", parts);
    }

    private static String positional(PositionalParamSpec p) {
        String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
        return p.arity().min() == 0 ? "[" + label + "]" : label;
    }

    private static String option(OptionSpec o) {
        String text = o.longestName() + (takesValue(o) ? "=" + o.paramLabel() : "");
        return o.required() ? text : "[" + text + "]";
    }

    static boolean takesValue(ArgSpec arg) {
        return arg.arity().max() > 0;
    }
}
