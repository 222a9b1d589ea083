package io.kafkamesos.local.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.resources.ResourceFormat;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.http.MesosJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskStatus;

/** Renders the master's {@code /state} in the shape of Mesos' own (the fields we keep). */
final class StateJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {
  }

  static byte[] render(MasterState state, String masterUrl, String zkConnect) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.11.0");
    root.put("id", state.info.getId());
    root.put("pid", "master@" + state.info.getHostname() + ":" + state.info.getPort());
    root.put("hostname", state.info.getHostname());
    root.put("leader", "master@" + state.info.getHostname() + ":" + state.info.getPort());
    root.putPOJO("leader_info", proto(state.info));
    root.put("cluster", "mesos-local");
    root.put("zookeeper", zkConnect);
    root.put("master_url", masterUrl);
    root.put("activated_slaves", state.agents.size());
    root.put("deactivated_slaves", 0);
    // as Mesos: unreachable agents leave "slaves"; only their number is shown
    root.put("unreachable_slaves", state.unreachable.size());
    ArrayNode slaves = root.putArray("slaves");
    for (AgentRecord agent : state.agents.values()) {
      slaves.add(agent(state, agent));
    }
    ArrayNode frameworks = root.putArray("frameworks");
    for (Framework fw : state.frameworks.values()) {
      frameworks.add(framework(state, fw));
    }
    ArrayNode completed = root.putArray("completed_frameworks");
    for (Framework fw : state.completedFrameworks) {
      completed.add(framework(state, fw));
    }
    root.putArray("orphan_tasks");
    root.putArray("unregistered_frameworks");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode agent(MasterState state, AgentRecord agent) {
    AgentInfo info = agent.link.info();
    Resources total = agent.link.totalResources();
    ObjectNode node = JSON.createObjectNode();
    node.put("id", agent.id);
    node.put("hostname", info.getHostname());
    node.put("port", info.getPort());
    node.put("pid", "slave(1)@" + info.getHostname() + ":" + info.getPort());
    node.put("active", true);
    node.put("version", "1.11.0");
    node.putPOJO("resources", total.toQuantities());
    node.putPOJO("used_resources", state.used(agent).toQuantities());
    node.putPOJO("offered_resources", state.offered(agent).toQuantities());
    node.putPOJO("unreserved_resources", total.unreserved().toQuantities());
    Map<String, Object> reserved = new TreeMap<>();
    ObjectNode reservedFull = JSON.createObjectNode();
    for (Resource r : total.reserved()) {
      String role = Resources.reservationRole(r);
      reserved.put(role, total.reservedFor(role).toQuantities());
      ArrayNode list = reservedFull.has(role) ? (ArrayNode) reservedFull.get(role)
          : reservedFull.putArray(role);
      list.add(proto(ResourceFormat.endpoint(r)));
    }
    node.putPOJO("reserved_resources", reserved);
    node.set("reserved_resources_full", reservedFull);
    ArrayNode full = node.putArray("unreserved_resources_full");
    total.unreserved().forEach(r -> full.add(proto(ResourceFormat.endpoint(r))));
    node.putObject("attributes");
    return node;
  }

  private static ObjectNode framework(MasterState state, Framework fw) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", fw.id.getValue());
    node.put("name", fw.info.getName());
    node.put("user", fw.info.getUser());
    node.put("hostname", fw.info.getHostname());
    node.put("webui_url", fw.info.getWebuiUrl());
    node.put("principal", fw.info.getPrincipal());
    node.put("role", fw.info.getRole());
    ArrayNode roles = node.putArray("roles");
    fw.roles().forEach(roles::add);
    node.put("checkpoint", fw.info.getCheckpoint());
    node.put("failover_timeout", fw.info.getFailoverTimeout());
    boolean live = state.frameworks.get(fw.id.getValue()) == fw;
    node.put("active", live && fw.connected());
    node.put("connected", live && fw.connected());
    node.put("recovered", fw.recovered);
    node.put("registered_time", fw.registeredTime.toEpochMilli() / 1000.0);
    if (fw.reregisteredTime != null) {
      node.put("reregistered_time", fw.reregisteredTime.toEpochMilli() / 1000.0);
    }
    node.put("unregistered_time", fw.unregisteredTime == null ? 0
        : fw.unregisteredTime.toEpochMilli() / 1000.0);
    Resources used = Resources.empty();
    for (AgentRecord agent : state.agents.values()) {
      used = used.plus(state.usedBy(agent, fw));
    }
    node.putPOJO("used_resources", used.toQuantities());
    Resources offered = Resources.empty();
    ArrayNode offers = node.putArray("offers");
    for (OfferRecord offer : state.offersOf(fw).values()) {
      offered = offered.plus(offer.resources);
      ObjectNode o = offers.addObject();
      o.put("id", offer.id());
      o.put("framework_id", offer.frameworkId());
      o.put("slave_id", offer.agentId());
      o.putPOJO("resources", offer.resources.toQuantities());
    }
    node.putPOJO("offered_resources", offered.toQuantities());
    ArrayNode tasks = node.putArray("tasks");
    fw.tasks.values().forEach(t -> tasks.add(task(t)));
    ArrayNode unreachable = node.putArray("unreachable_tasks");
    fw.unreachableTasks.values().forEach(t -> unreachable.add(task(t)));
    ArrayNode completed = node.putArray("completed_tasks");
    fw.completedTasks.forEach(t -> completed.add(task(t)));
    ArrayNode executors = node.putArray("executors");
    for (AgentRecord agent : state.agents.values()) {
      agent.executors.getOrDefault(fw.id.getValue(), Map.of()).values().forEach(e -> {
        ObjectNode en = (ObjectNode) proto(e);
        en.put("slave_id", agent.id);
        executors.add(en);
      });
    }
    return node;
  }

  private static ObjectNode task(TaskRecord t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", t.info.getTaskId().getValue());
    node.put("name", t.info.getName());
    node.put("framework_id", t.frameworkId);
    node.put("executor_id", t.executorId.map(e -> e.getValue()).orElse(""));
    node.put("slave_id", t.agentId);
    node.put("state", t.state.name());
    node.putPOJO("resources", t.resources.toQuantities());
    if (!t.resources.isEmpty() && t.resources.toList().get(0).hasAllocationInfo()) {
      node.put("role", t.resources.toList().get(0).getAllocationInfo().getRole());
    }
    ArrayNode statuses = node.putArray("statuses");
    for (TaskStatus s : t.statuses) {
      ObjectNode sn = statuses.addObject();
      sn.put("state", s.getState().name());
      sn.put("timestamp", s.getTimestamp());
      if (s.hasContainerStatus()) {
        sn.set("container_status", proto(s.getContainerStatus()));
      }
    }
    return node;
  }

  static JsonNode proto(Message message) {
    return MesosJson.tree(message);
  }
}
