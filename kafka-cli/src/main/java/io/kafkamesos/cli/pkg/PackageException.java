package io.kafkamesos.cli.pkg;

import io.kafkamesos.cli.support.CliException;
import java.util.List;

/**
 * The package cannot be installed or changed as asked (bad options, a name already installed, a
 * missing artifact, Marathon refused): the CLI prints the message, one line per problem, and exits 1.
 */
public final class PackageException extends CliException {

    public PackageException(String message) {
        this(message, List.of());
    }

    /** A message followed by one line per problem. */
    public PackageException(String message, List<String> problems) {
        super(message, problems);
    }

    /** The individual problems (e.g. one per invalid option); may be empty. */
    public List<String> problems() {
        return details();
    }
}
