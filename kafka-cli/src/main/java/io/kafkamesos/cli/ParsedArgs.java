package io.kafkamesos.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into positional words and {@code --name=value} options (also accepted as
 * {@code --name value} for options that take a value). Options may appear anywhere.
 */
record ParsedArgs(List<String> positionals, Map<String, String> options, boolean help) {

    /** The options that take a value. */
    static final Set<String> VALUE_OPTIONS =
            Set.of("framework-name", "partitions", "replication", "key", "size", "acks");

    ParsedArgs {
        positionals = List.copyOf(positionals);
        options = Map.copyOf(options);
    }

    static ParsedArgs parse(List<String> args) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (!VALUE_OPTIONS.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
                if (options.put(name, value) != null) {
                    throw new UsageException("option --" + name + " is given twice");
                }
            } else {
                positionals.add(arg);
            }
        }
        return new ParsedArgs(positionals, options, help);
    }
}
