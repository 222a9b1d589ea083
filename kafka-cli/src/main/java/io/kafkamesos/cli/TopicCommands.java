package io.kafkamesos.cli;

import io.kafkamesos.cli.support.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dcos kafka topic ...}: the seed's topic commands. The API checks the values. */
@Command(name = "topic", description = "The cluster's topics.")
final class TopicCommands implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UsageException("missing topic command");
    }

    @Command(name = "list", description = "The names of the topics.")
    ApiRequest list() {
        return ApiRequest.of("GET", "/v1/topics");
    }

    @Command(name = "create", description = "Creates a topic.")
    ApiRequest create(@Parameters(paramLabel = "<name>") String name,
            @Option(names = "--partitions", paramLabel = "N", required = true, description = "partition count")
            String partitions,
            @Option(names = "--replication", paramLabel = "N", required = true, description = "replication factor")
            String replication) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("name", name);
        query.put("partitions", nonBlank(partitions, "partitions", "topic create"));
        query.put("replication", nonBlank(replication, "replication", "topic create"));
        return new ApiRequest("POST", "/v1/topics", query);
    }

    @Command(name = "describe", description = "Each partition's state: leader, in-sync replicas, epochs.")
    ApiRequest describe(@Parameters(paramLabel = "<name>") String name) {
        return ApiRequest.of("GET", path(name));
    }

    @Command(name = "offsets", description = "The latest offset of each partition.")
    ApiRequest offsets(@Parameters(paramLabel = "<name>") String name) {
        return ApiRequest.of("GET", path(name) + "/offsets");
    }

    @Command(name = "partitions", description = "Raises the partition count.")
    ApiRequest partitions(@Parameters(index = "0", paramLabel = "<name>") String name,
            @Parameters(index = "1", paramLabel = "<count>") String count) {
        return new ApiRequest("PUT", path(name), query("operation", "partitions", "partitions", count));
    }

    @Command(name = "config", description = "Sets a topic config value.")
    ApiRequest config(@Parameters(index = "0", paramLabel = "<name>") String name,
            @Parameters(index = "1", paramLabel = "<key>") String key,
            @Parameters(index = "2", paramLabel = "<value>") String value) {
        return new ApiRequest("PUT", path(name), query("operation", "config", "key", key, "value", value));
    }

    @Command(name = "delete_config", description = "Unsets a topic config value.")
    ApiRequest deleteConfig(@Parameters(paramLabel = "<name>") String name,
            @Option(names = "--key", paramLabel = "KEY", required = true, description = "the config key") String key) {
        return new ApiRequest("PUT", path(name),
                query("operation", "deleteConfig", "key", nonBlank(key, "key", "topic delete_config")));
    }

    @Command(name = "producer_test", description = "Sends <messages> records with a real producer and answers "
            + "Kafka's producer-performance line.")
    ApiRequest producerTest(@Parameters(index = "0", paramLabel = "<name>") String name,
            @Parameters(index = "1", paramLabel = "<messages>") String messages,
            @Option(names = "--size", paramLabel = "BYTES", description = "record size (default 1024)") String size,
            @Option(names = "--acks", paramLabel = "0|1|all", description = "the producer's acks") String acks) {
        Map<String, String> query = query("operation", "producer-test", "messages", messages);
        if (size != null) {
            query.put("size", size);
        }
        if (acks != null) {
            query.put("acks", acks);
        }
        return new ApiRequest("PUT", path(name), query);
    }

    @Command(name = "delete", description = "Marks a topic for deletion.")
    ApiRequest delete(@Parameters(paramLabel = "<name>") String name) {
        return ApiRequest.of("DELETE", path(name));
    }

    @Command(name = "under_replicated_partitions", description = "Partitions missing in-sync replicas.")
    ApiRequest underReplicated() {
        return ApiRequest.of("GET", "/v1/topics/under_replicated_partitions");
    }

    @Command(name = "unavailable_partitions", description = "Partitions without a live leader.")
    ApiRequest unavailable() {
        return ApiRequest.of("GET", "/v1/topics/unavailable_partitions");
    }

    private static String path(String name) {
        return "/v1/topics/" + ApiRequest.encode(name);
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private static String nonBlank(String value, String option, String command) {
        if (value == null || value.isBlank()) {
            throw new UsageException("\"" + command + "\" needs --" + option);
        }
        return value;
    }
}
