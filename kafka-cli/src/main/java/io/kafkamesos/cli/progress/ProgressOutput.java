package io.kafkamesos.cli.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/**
 * Where a watch writes. In a pipe (a log, a file, a CI job) it writes plain lines, one per change:
 * a line equal to the one before it is not written again, and the transient status is left out.
 * On a terminal the status is one compact line redrawn in place, with the lasting lines above it.
 */
public abstract class ProgressOutput {

    /** A lasting line: what changed. */
    public abstract void line(String text);

    /** What is going on now; replaced by the next status. */
    public abstract void status(String text);

    /** Ends the status line, if one is shown. */
    public abstract void finish();

    /**
     * @param terminal whether {@code out} is a person's terminal
     * @param width the terminal's columns (a status line is cut to fit)
     */
    public static ProgressOutput of(PrintStream out, boolean terminal, int width) {
        return terminal ? new Terminal(out, width) : new Plain(out);
    }

    /** Plain lines, no repeats. */
    static final class Plain extends ProgressOutput {
        private final PrintStream out;
        private String last;

        Plain(PrintStream out) {
            this.out = requireNonNull(out, "out");
        }

        @Override
        public void line(String text) {
            if (!text.equals(last)) {
                out.println(text);
                out.flush();
                last = text;
            }
        }

        @Override
        public void status(String text) {
            // a pipe gets the changes only
        }

        @Override
        public void finish() {
            out.flush();
        }
    }

    /** A status line redrawn in place ({@code \r} and erase-line), lasting lines above it. */
    static final class Terminal extends ProgressOutput {
        private static final String REDRAW = "\r\u001b[K";
        private final PrintStream out;
        private final int width;
        private String status = "";

        Terminal(PrintStream out, int width) {
            this.out = requireNonNull(out, "out");
            this.width = Math.max(20, width);
        }

        @Override
        public void line(String text) {
            out.print(REDRAW + text + "\n");
            if (!status.isEmpty()) {
                out.print(cut(status));
            }
            out.flush();
        }

        @Override
        public void status(String text) {
            status = text;
            out.print(REDRAW + cut(text));
            out.flush();
        }

        @Override
        public void finish() {
            if (!status.isEmpty()) {
                out.print(REDRAW);
                status = "";
            }
            out.flush();
        }

        private String cut(String text) {
            String line = text.replace('\n', ' ');
            return line.length() < width ? line : line.substring(0, width - 4) + "...";
        }
    }
}
