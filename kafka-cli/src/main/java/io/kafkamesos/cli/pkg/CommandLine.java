package io.kafkamesos.cli.pkg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of a {@code package} or {@code marathon} command: positionals, {@code --name=value}
 * options (also {@code --name value} for those that take a value) and {@code --flag}s.
 */
record CommandLine(List<String> positionals, Map<String, String> options, Set<String> flags) {

    /** Options that take a value. */
    static final Set<String> VALUE_OPTIONS = Set.of("options", "app-id");
    /** Options without a value. */
    static final Set<String> FLAGS = Set.of("yes", "config", "app", "render", "all", "force", "help", "cli",
            "package-versions");

    CommandLine {
        positionals = List.copyOf(positionals);
        options = Map.copyOf(options);
        flags = Set.copyOf(flags);
    }

    /**
     * @throws UsageError for an unknown option, a missing value or an option given twice
     */
    static CommandLine parse(List<String> args) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h")) {
                flags.add("help");
            } else if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (FLAGS.contains(name)) {
                    if (eq >= 0) {
                        throw new UsageError("option --" + name + " takes no value");
                    }
                    flags.add(name);
                    continue;
                }
                if (!VALUE_OPTIONS.contains(name)) {
                    throw new UsageError("unknown option --" + name);
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageError("option --" + name + " needs a value");
                }
                if (options.put(name, value) != null) {
                    throw new UsageError("option --" + name + " is given twice");
                }
            } else {
                positionals.add(arg);
            }
        }
        return new CommandLine(positionals, options, Set.copyOf(flags));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Refuses options and flags the command does not take. */
    CommandLine allow(String command, Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageError(command + " does not take --" + name);
            }
        }
        for (String name : flags) {
            if (!allowed.contains(name) && !name.equals("help")) {
                throw new UsageError(command + " does not take --" + name);
            }
        }
        return this;
    }

    /** The command line is wrong: the usage is printed and the exit status is 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
