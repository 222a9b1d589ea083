package io.kafkamesos.cli.support;

/**
 * The command line is wrong in a way the parser cannot see (a blank value, a word that is not
 * {@code KEY=VALUE}): the CLI prints the message and the command's usage, and exits 2.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
