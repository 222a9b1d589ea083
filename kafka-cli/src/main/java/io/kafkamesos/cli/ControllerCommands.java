package io.kafkamesos.cli;

import io.kafkamesos.cli.support.UsageException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dcos kafka controller list|restart|replace}: a KRaft cluster's controller quorum. */
@Command(name = "controller", description = "A KRaft cluster's controllers (the metadata quorum).")
final class ControllerCommands implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("missing controller command: list, restart or replace");
    }

    @Command(name = "list", description = "The quorum: the cluster id, the leader, each controller's address, "
            + "task, role and lag (GET /v1/controllers).")
    ApiRequest list() {
        return ApiRequest.of("GET", "/v1/controllers");
    }

    @Command(name = "restart", description = "Restarts a controller once a majority of the other voters has "
            + "caught up with the leader.")
    ApiRequest restart(@Parameters(paramLabel = "<id>", description = "the controller's node id (3000, ...)")
            String id) {
        return ApiRequest.of("PUT", "/v1/controllers/" + ApiRequest.encode(id));
    }

    @Command(name = "replace", description = "Relaunches a lost controller as a new node on another agent and "
            + "changes the quorum's voters (Kafka 4's dynamic quorum; refused with the reason otherwise).")
    ApiRequest replace(
            @Parameters(paramLabel = "<id>", description = "the controller's node id") String id,
            @Option(names = "--force", arity = "0", description = "Even a running controller; its metadata on that agent is "
                    + "lost.") boolean[] force) {
        String path = "/v1/controllers/" + ApiRequest.encode(id) + "/replace";
        return BrokerCommands.forced(force) ? new ApiRequest("PUT", path, Map.of("force", "true")) : ApiRequest.of("PUT", path);
    }
}
