package io.kafkamesos.cli.support;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dcos completion bash|zsh}: prints a completion script for every {@code dcos} command of this
 * CLI, made by picocli from the commands themselves. zsh runs the bash script through bashcompinit.
 */
@Command(name = "completion", description = {"Prints a shell completion script for dcos.",
        "bash: source <(dcos completion bash)   zsh: source <(dcos completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script works in. */
    public enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<shell>", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("dcos", root);
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return CliRunner.OK;
    }
}
