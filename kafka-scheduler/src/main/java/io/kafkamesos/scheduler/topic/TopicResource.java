package io.kafkamesos.scheduler.topic;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/topics}: the seed's topic maintenance API. Parameters arrive as text so that a bad
 * number is answered with a 400 naming it (Jersey would answer 404); everything else is
 * {@link TopicService}'s.
 */
@Path("/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
public final class TopicResource {

    private final TopicService topics;

    public TopicResource(TopicService topics) {
        this.topics = requireNonNull(topics, "topics");
    }

    @GET
    public List<String> list() {
        return topics.list();
    }

    @POST
    public CommandResult create(@QueryParam("name") String name,
                                @QueryParam("partitions") String partitions,
                                @QueryParam("replication") String replication) {
        String topic = TopicRequests.topicName(name);
        return topics.create(topic, TopicRequests.atLeast("partitions", partitions, 1),
                TopicRequests.atLeast("replication", replication, 1));
    }

    // Literal paths win over {name} in JAX-RS matching; they are declared first for the reader.
    @GET
    @Path("under_replicated_partitions")
    public CommandResult underReplicatedPartitions() {
        return topics.underReplicatedPartitions();
    }

    @GET
    @Path("unavailable_partitions")
    public CommandResult unavailablePartitions() {
        return topics.unavailablePartitions();
    }

    @GET
    @Path("{name}")
    public PartitionStates describe(@PathParam("name") String name) {
        return topics.describe(name);
    }

    @GET
    @Path("{name}/offsets")
    public List<Map<String, String>> offsets(@PathParam("name") String name) {
        return topics.offsets(name);
    }

    @PUT
    @Path("{name}")
    public CommandResult alter(@PathParam("name") String name,
                               @QueryParam("operation") String operation,
                               @QueryParam("partitions") String partitions,
                               @QueryParam("key") String key,
                               @QueryParam("value") String value,
                               @QueryParam("messages") String messages,
                               @QueryParam("size") String size,
                               @QueryParam("acks") String acks) {
        return switch (TopicRequests.required("operation", operation)) {
            case "partitions" -> topics.alterPartitions(name, TopicRequests.atLeast("partitions", partitions, 1));
            case "config" -> topics.setConfig(name, TopicRequests.required("key", key),
                    requirePresent("value", value));
            case "deleteConfig" -> topics.deleteConfig(name, TopicRequests.required("key", key));
            case "producer-test" -> topics.producerTest(name, TopicRequests.producerTest(messages, size, acks));
            default -> throw TopicException.badRequest("unknown operation \"" + operation
                    + "\"; use one of partitions, config, deleteConfig, producer-test");
        };
    }

    @DELETE
    @Path("{name}")
    public CommandResult delete(@PathParam("name") String name) {
        return topics.delete(name);
    }

    // A config value may legitimately be empty, so only its absence is refused.
    private static String requirePresent(String parameter, String value) {
        if (value == null) {
            throw TopicException.badRequest("missing query parameter '" + parameter + "'");
        }
        return value;
    }
}
