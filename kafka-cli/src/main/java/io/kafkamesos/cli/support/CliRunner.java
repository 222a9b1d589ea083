package io.kafkamesos.cli.support;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs one {@code dcos ...} command line with picocli, the same way for every command family:
 * {@code --help} on every command prints its usage (exit 0); a bad command line prints
 * {@code Error: <what>} and the command's usage on stderr (exit 2); a command that fails prints
 * {@code Error: <why>} (exit 1); never a stack trace.
 *
 * <p>Leaf commands return their outcome: an {@code Integer} is the exit status, anything else goes
 * to the {@link Outcomes} given to {@link #execute} (e.g. an API call to make).
 */
public final class CliRunner {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** Turns what a leaf command returned into an exit status; {@code null} and Integers are handled before. */
    @FunctionalInterface
    public interface Outcomes extends BiFunction<CommandLine, Object, Integer> {
    }

    private final PrintStream out;
    private final PrintStream err;

    public CliRunner(PrintStream out, PrintStream err) {
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    /**
     * The {@code dcos} root with these command classes below it, each made by {@code factory}; every
     * command of the tree takes {@code -h}/{@code --help}.
     */
    public static CommandLine root(CommandLine.IFactory factory, List<Class<?>> commands) {
        CommandSpec spec = CommandSpec.create().name("dcos");
        spec.usageMessage().description("The part of the DC/OS command line this repository provides.");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0")
                .scopeType(CommandLine.ScopeType.INHERIT).description("Show this help and exit.").build());
        CommandLine root = new CommandLine(spec, factory);
        for (Class<?> command : commands) {
            root.addSubcommand(new CommandLine(command, factory));
        }
        addHelp(root, factory);
        configure(root);
        return root;
    }

    // "help" below each command that has commands of its own
    private static void addHelp(CommandLine command, CommandLine.IFactory factory) {
        if (command.getSubcommands().isEmpty()) {
            return;
        }
        List.copyOf(command.getSubcommands().values()).forEach(sub -> addHelp(sub, factory));
        if (!command.getSubcommands().containsKey("help")) {
            command.addSubcommand(new CommandLine(HelpCommand.class, factory));
        }
    }

    private static void configure(CommandLine command) {
        command.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        command.setUsageHelpWidth(100);
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                help -> Synopsis.forUsage(help.commandSpec()) + "\n");
        command.getSubcommands().values().forEach(CliRunner::configure);
    }

    /** Parses and runs {@code args}; the exit status. */
    public int execute(CommandLine root, List<String> args, Outcomes outcomes) {
        root.setOut(writer(out));
        root.setErr(writer(err));
        root.setParameterExceptionHandler(this::badCommandLine);
        root.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command));
        root.setExecutionStrategy(parsed -> run(parsed, outcomes));
        try {
            return root.execute(args.toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(ParseResult parsed, Outcomes outcomes) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object command0 = leaf.commandSpec().userObject();
        if (!(command0 instanceof java.util.concurrent.Callable || command0 instanceof Runnable
                || command0 instanceof java.lang.reflect.Method)) {
            usageError("missing command", leaf.commandSpec().commandLine());
            return USAGE;
        }
        new CommandLine.RunLast().execute(parsed);
        CommandLine command = leaf.commandSpec().commandLine();
        Object result = command.getExecutionResult();
        if (result == null) {
            return OK;
        }
        if (result instanceof Integer status) {
            return status;
        }
        try {
            return outcomes.apply(command, result);
        } catch (RuntimeException e) {
            return failed(e, command);
        }
    }

    private int badCommandLine(ParameterException e, String[] args) {
        usageError(UsageErrors.describe(e), e.getCommandLine());
        return USAGE;
    }

    private void usageError(String message, CommandLine command) {
        err.println("Error: " + message);
        err.println();
        err.print(command.getUsageMessage());
    }

    private int failed(Exception e, CommandLine command) {
        Throwable cause = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof UsageException) {
            usageError(cause.getMessage(), command);
            return USAGE;
        }
        if (cause instanceof ParameterException p) {
            usageError(UsageErrors.describe(p), p.getCommandLine());
            return USAGE;
        }
        if (cause instanceof CliException failure) {
            err.println("Error: " + failure.getMessage());
            failure.details().forEach(detail -> err.println("  - " + detail));
            return FAILED;
        }
        if (cause instanceof IllegalStateException || cause instanceof UncheckedIOException
                || cause instanceof IllegalArgumentException) {
            err.println("Error: " + cause.getMessage());
            return FAILED;
        }
        // A bug of ours: say what, without a stack trace (DCOS_CLI_DEBUG=1 shows it).
        err.println("Error: unexpected " + cause);
        if (System.getenv("DCOS_CLI_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        return FAILED;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
