package io.kafkamesos.cli;

import io.kafkamesos.cli.progress.PlanWatch;
import io.kafkamesos.cli.support.DurationConverter;
import io.kafkamesos.cli.support.UsageException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dcos kafka plan show|interrupt|continue|restart <step>}: watch and steer a configuration roll-out. */
@Command(name = "plan", description = "The roll-out of the target configuration: its phases and steps.")
final class PlanCommands implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("missing plan command: show, interrupt, continue or restart");
    }

    @Command(name = "show", description = {"The plan: target, refusal, phases, steps and errors.",
            "With --watch: redraws it until it is COMPLETE (exit 0), a step is in ERROR (exit 1) or it waits for "
                    + "the operator at a gate (exit 3: plan continue goes on); on a terminal one line redrawn in place, "
                    + "in a pipe one line per change."})
    KafkaAction show(
            @Option(names = "--watch", arity = "0", description = "Follow the plan until it ends.") boolean watch,
            @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
                    converter = DurationConverter.class, description = "How often --watch looks (default ${DEFAULT-VALUE}).")
            Duration interval,
            @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                    description = "Stop watching after this long (exit 1); default: until the plan ends.")
            Duration timeout) {
        if (!watch) {
            if (timeout != null) {
                throw new UsageException("--timeout applies to plan show --watch");
            }
            return ApiRequest.of("GET", "/v1/plan");
        }
        return api -> new PlanWatch(api.source("/v1/plan"), api.output(),
                api.pacing(interval, Optional.ofNullable(timeout)), api.terminal()).run();
    }

    @Command(name = "interrupt", description = "Finishes the current step, then starts no other.")
    ApiRequest interrupt() {
        return ApiRequest.of("PUT", "/v1/plan/interrupt");
    }

    @Command(name = "continue", description = {"Resumes an interrupted plan, and lets a plan that waits for the "
            + "operator at a gate go on (an upgrade's finalize: the protocol is raised next)."})
    ApiRequest resume() {
        return ApiRequest.of("PUT", "/v1/plan/continue");
    }

    @Command(name = "restart", description = "Retries a step in ERROR (e.g. restart-1).")
    ApiRequest restart(@Parameters(paramLabel = "<step>") String step) {
        return new ApiRequest("PUT", "/v1/plan/restart", Map.of("step", step));
    }
}
