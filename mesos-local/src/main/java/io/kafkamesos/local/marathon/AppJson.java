package io.kafkamesos.local.marathon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Marathon's JSON for apps, deployments and errors. Pure. */
final class AppJson {

  private final ObjectMapper json;

  AppJson(ObjectMapper json) {
    this.json = json;
  }

  /** The definition with Marathon's status fields and the running task. */
  ObjectNode app(AppView view) {
    ObjectNode app = view.app().raw().deepCopy();
    app.put("version", view.version());
    app.put("tasksStaged", 0);
    app.put("tasksRunning", view.tasksRunning());
    app.put("tasksHealthy", view.tasksHealthy());
    app.put("tasksUnhealthy", view.tasksUnhealthy());
    ArrayNode deployments = app.putArray("deployments");
    view.deploymentId().ifPresent(id -> deployments.addObject().put("id", id));
    ArrayNode tasks = app.putArray("tasks");
    view.task().ifPresent(t -> {
      ObjectNode task = tasks.addObject();
      task.put("id", t.id());
      task.put("appId", view.app().id());
      task.put("host", t.host().hostname());
      task.put("slaveId", t.host().agentId());
      task.putArray("ipAddresses").addObject().put("ipAddress", t.host().hostname())
          .put("protocol", "IPv4");
      t.ports().forEach(task.putArray("ports")::add);
      task.put("stagedAt", t.startedAt().toString());
      task.put("startedAt", t.startedAt().toString());
      task.put("state", "TASK_RUNNING");
      task.put("version", view.version());
      task.put("pid", t.pid());
      task.put("sandbox", t.sandbox().toAbsolutePath().toString());
      ArrayNode results = task.putArray("healthCheckResults");
      t.health().forEach(h -> h.ifPresent(health -> results.add(health(health, t.id()))));
    });
    view.lastFailure().ifPresent(f -> app.putObject("lastTaskFailure")
        .put("appId", view.app().id()).put("taskId", f.taskId()).put("state", f.state())
        .put("message", f.message()).put("timestamp", f.timestamp().toString()));
    return app;
  }

  /** Marathon's {@code Health}: absent times are null, as in Marathon's answers. */
  private ObjectNode health(HealthTracker.Health health, String taskId) {
    ObjectNode out = json.createObjectNode();
    out.put("alive", health.alive());
    out.put("consecutiveFailures", health.consecutiveFailures());
    out.put("firstSuccess", health.firstSuccess().map(Object::toString).orElse(null));
    out.put("lastFailure", health.lastFailure().map(Object::toString).orElse(null));
    out.put("lastSuccess", health.lastSuccess().map(Object::toString).orElse(null));
    out.put("lastFailureCause", health.lastFailureCause().orElse(null));
    out.put("instanceId", taskId);
    out.put("taskId", taskId);
    return out;
  }

  ObjectNode one(AppView view) {
    ObjectNode out = json.createObjectNode();
    out.set("app", app(view));
    return out;
  }

  ObjectNode list(List<AppView> views) {
    ObjectNode out = json.createObjectNode();
    ArrayNode apps = out.putArray("apps");
    views.forEach(v -> apps.add(app(v)));
    return out;
  }

  ObjectNode deployment(Marathon.Deployment deployment) {
    return json.createObjectNode().put("version", deployment.version())
        .put("deploymentId", deployment.deploymentId());
  }

  ObjectNode message(String message) {
    return json.createObjectNode().put("message", message);
  }

  /** Marathon's 422: a message (here naming the fields too) and the details per field. */
  ObjectNode invalid(InvalidAppException e) {
    ObjectNode out = json.createObjectNode().put("message", e.getMessage());
    ArrayNode details = out.putArray("details");
    for (InvalidAppException.Problem p : e.problems()) {
      ObjectNode detail = details.addObject().put("path", p.path());
      detail.putArray("errors").add(p.error());
    }
    return out;
  }
}
