package io.kafkamesos.cli.support;

import java.util.List;

/**
 * A command could not do what was asked (the service refused, a file is missing, nothing answered):
 * the CLI prints {@code Error: <message>}, then one indented line per detail, and exits 1. Never a
 * stack trace.
 */
public class CliException extends RuntimeException {

    private final List<String> details;

    public CliException(String message) {
        this(message, List.of());
    }

    /** A message followed by one line per detail (e.g. one per invalid option). */
    public CliException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    /** The individual problems; may be empty. */
    public List<String> details() {
        return details;
    }
}
