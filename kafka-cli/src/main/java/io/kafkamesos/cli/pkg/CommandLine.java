package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of a {@code dcos} command: positionals, {@code --name=value} options (also
 * {@code --name value} for those that take a value) and {@code --flag}s without a value. Options
 * and flags may appear anywhere; {@code --} ends them. {@code --help} and {@code -h} are always the
 * flag {@code help}. The one parser of {@code dcos kafka}, {@code dcos package} and
 * {@code dcos marathon}; each says which names it knows with a {@link Syntax}.
 */
public record CommandLine(List<String> positionals, Map<String, String> options, Set<String> flags) {

    private static final String HELP = "help";

    public CommandLine {
        positionals = List.copyOf(positionals);
        options = Map.copyOf(options);
        flags = Set.copyOf(flags);
    }

    /**
     * The names a command family knows.
     *
     * @param valueOptions options that take a value
     * @param flags options without a value (besides {@code help}, which is always known)
     */
    public record Syntax(Set<String> valueOptions, Set<String> flags) {
        public Syntax {
            valueOptions = Set.copyOf(requireNonNull(valueOptions, "valueOptions"));
            flags = Set.copyOf(requireNonNull(flags, "flags"));
        }
    }

    /**
     * @throws UsageError for an unknown option, a missing value, a value given to a flag or an
     *     option given twice
     */
    public static CommandLine parse(List<String> args, Syntax syntax) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h")) {
                flags.add(HELP);
            } else if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (name.equals(HELP) || syntax.flags().contains(name)) {
                    if (eq >= 0) {
                        throw new UsageError("option --" + name + " takes no value");
                    }
                    flags.add(name);
                    continue;
                }
                if (!syntax.valueOptions().contains(name)) {
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

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** {@code --help}, {@code -h}. */
    public boolean help() {
        return flag(HELP);
    }

    public Optional<String> option(String name) {
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
            if (!allowed.contains(name) && !name.equals(HELP)) {
                throw new UsageError(command + " does not take --" + name);
            }
        }
        return this;
    }

    /** The command line is wrong: the usage is printed and the exit status is 2. */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }
}
