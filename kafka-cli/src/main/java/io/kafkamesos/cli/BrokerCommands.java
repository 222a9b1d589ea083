package io.kafkamesos.cli;

import io.kafkamesos.cli.support.Synopsis;
import io.kafkamesos.cli.support.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dcos kafka broker list|describe|restart|replace|remove}. */
@Command(name = "broker", description = "The cluster's brokers.")
final class BrokerCommands implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("missing broker command: list, describe, restart, replace or remove");
    }

    @Command(name = "list", description = "The ids of the brokers.")
    ApiRequest list() {
        return ApiRequest.of("GET", "/v1/brokers");
    }

    @Command(name = "describe", description = "A broker's registration in Kafka's ZooKeeper.")
    ApiRequest describe(@Parameters(paramLabel = "<id>", description = "the broker id") String id) {
        return ApiRequest.of("GET", "/v1/brokers/" + ApiRequest.encode(id));
    }

    @Command(name = "restart", description = "Restarts a broker's task (controlled shutdown, then start).")
    ApiRequest restart(@Parameters(paramLabel = "<id>", description = "the broker id") String id) {
        return ApiRequest.of("PUT", "/v1/brokers/" + ApiRequest.encode(id));
    }

    @Command(name = "replace", description = {"Relaunches a lost broker on another agent; Kafka re-replicates "
            + "its partitions.", "The older spelling \"broker replace <id> force\" means --force."})
    ApiRequest replace(
            @Parameters(index = "0", paramLabel = "<id>", description = "the broker id") String id,
            // "force" as a trailing word is the older spelling of --force; scripts may still use it
            @Parameters(index = "1", arity = "0..1", paramLabel = "force", hidden = true) String word,
            @Option(names = "--force", arity = "0", description = "Even a running broker; its data on that agent "
                    + "is lost.") boolean[] force) {
        if (word != null && !word.equals("force")) {
            throw new UsageException("too many arguments; usage: " + Synopsis.of(spec.subcommands().get("replace")
                    .getCommandSpec()));
        }
        String path = "/v1/brokers/" + ApiRequest.encode(id) + "/replace";
        return word != null || forced(force)
                ? new ApiRequest("PUT", path, Map.of("force", "true"))
                : ApiRequest.of("PUT", path);
    }

    /** {@code --force}, given once or more (picocli also reads --force=true and --force=false). */
    static boolean forced(boolean[] force) {
        if (force == null) {
            return false;
        }
        for (boolean f : force) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    @Command(name = "remove", description = "Moves the broker's partitions to the others, stops it and frees its "
            + "resources (refused if a topic would not fit).")
    ApiRequest remove(@Parameters(paramLabel = "<id>", description = "the broker id") String id) {
        return ApiRequest.of("DELETE", "/v1/brokers/" + ApiRequest.encode(id));
    }
}
