package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.ResourceFormat;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.proto.Statuses;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACCEPT as Mesos processes it: the offers are checked first (bad offers: every task gets
 * TASK_LOST, or TASK_DROPPED for partition-aware frameworks, with REASON_INVALID_OFFERS); then
 * the operations apply one after the other to what is left of the offers. A bad RESERVE,
 * UNRESERVE, CREATE or DESTROY is dropped (OPERATION_ERROR only when it asked for feedback with an
 * id); a bad task gets TASK_ERROR with REASON_TASK_INVALID. What is left is filtered for
 * {@code filters.refuse_seconds}.
 */
final class Accepts {

  private static final Logger LOG = LoggerFactory.getLogger(Accepts.class);

  private final MasterState state;
  private final Offers offers;

  Accepts(MasterState state, Offers offers) {
    this.state = Objects.requireNonNull(state);
    this.offers = Objects.requireNonNull(offers);
  }

  void accept(Framework fw, Call.Accept accept) {
    Optional<String> error = accept.getOfferIdsCount() == 0 ? Optional.of("No offers specified")
        : validateOffers(fw, accept.getOfferIdsList());
    if (error.isPresent()) {
      rejectAll(fw, accept, error.get());
      return;
    }
    OfferRecord first = state.offers.get(accept.getOfferIds(0).getValue());
    AgentRecord agent = state.agents.get(first.agentId());
    String role = first.role;
    Resources remaining = Resources.empty();
    for (OfferID id : accept.getOfferIdsList()) {
      OfferRecord offer = state.offers.get(id.getValue());
      remaining = remaining.plus(offer.resources);
      offers.remove(offer);
    }
    for (Offer.Operation raw : accept.getOperationsList()) {
      Offer.Operation op = normalize(raw, role, fw);
      if (op.hasId()) {
        if (op.getType() == Offer.Operation.Type.LAUNCH) {
          taskErrors(fw, op.getLaunch().getTaskInfosList(), TaskStatus.Reason.REASON_TASK_INVALID,
              "The `id` field cannot be set on LAUNCH operations");
        } else {
          drop(fw, op, "Operation requested feedback, but agent " + agent.id
              + " does not have the required RESOURCE_PROVIDER capability");
        }
        continue;
      }
      remaining = switch (op.getType()) {
        case RESERVE, UNRESERVE, CREATE, DESTROY -> convert(fw, agent, op, remaining);
        case LAUNCH -> launch(fw, agent, op.getLaunch().getTaskInfosList(), remaining);
        case LAUNCH_GROUP -> {
          taskErrors(fw, op.getLaunchGroup().getTaskGroup().getTasksList(),
              TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
              "LAUNCH_GROUP is not supported by mesos-local");
          yield remaining;
        }
        default -> {
          LOG.warn("Ignoring {} operation from framework {}: not supported", op.getType(),
              fw.id.getValue());
          yield remaining;
        }
      };
    }
    offers.addFilter(fw, agent.id, remaining.unallocated(),
        accept.hasFilters() ? accept.getFilters() : Filters.getDefaultInstance());
    offers.requestAllocation();
  }

  private Optional<String> validateOffers(Framework fw, List<OfferID> ids) {
    Set<String> seen = new HashSet<>();
    for (OfferID id : ids) {
      if (!seen.add(id.getValue())) {
        return Optional.of("Duplicate offer " + id.getValue() + " in offer list");
      }
    }
    for (OfferID id : ids) {
      if (!state.offers.containsKey(id.getValue())) {
        return Optional.of("Offer " + id.getValue() + " is no longer valid");
      }
    }
    String role = null;
    String agentId = null;
    for (OfferID id : ids) {
      OfferRecord offer = state.offers.get(id.getValue());
      if (!offer.frameworkId().equals(fw.id.getValue())) {
        return Optional.of("Offer " + id.getValue() + " has invalid framework "
            + offer.frameworkId() + " while framework " + fw.id.getValue() + " is expected");
      }
    }
    for (OfferID id : ids) {
      OfferRecord offer = state.offers.get(id.getValue());
      if (role == null) {
        role = offer.role;
      } else if (!role.equals(offer.role)) {
        return Optional.of("Aggregated offers must be allocated to the same role. Offer "
            + id.getValue() + " uses role '" + offer.role + " but another is using role '" + role);
      }
    }
    for (OfferID id : ids) {
      OfferRecord offer = state.offers.get(id.getValue());
      if (agentId == null) {
        agentId = offer.agentId();
      } else if (!agentId.equals(offer.agentId())) {
        return Optional.of("Aggregated offers must belong to one single agent. Offer "
            + id.getValue() + " uses agent " + offer.agentId() + " and agent " + agentId);
      }
    }
    return Optional.empty();
  }

  private void rejectAll(Framework fw, Call.Accept accept, String error) {
    for (OfferID id : accept.getOfferIdsList()) {
      OfferRecord offer = state.offers.get(id.getValue());
      if (offer != null && offer.frameworkId().equals(fw.id.getValue())) {
        offers.remove(offer);
      }
    }
    LOG.warn("ACCEPT call used invalid offers '{}': {}", accept.getOfferIdsList().stream()
        .map(OfferID::getValue).toList(), error);
    TaskState lost = fw.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
    for (Offer.Operation op : accept.getOperationsList()) {
      List<TaskInfo> tasks = switch (op.getType()) {
        case LAUNCH -> op.getLaunch().getTaskInfosList();
        case LAUNCH_GROUP -> op.getLaunchGroup().getTaskGroup().getTasksList();
        default -> null;
      };
      if (tasks == null) {
        drop(fw, op, "Operation attempted with invalid offers: " + error);
        continue;
      }
      for (TaskInfo task : tasks) {
        fw.send(Events.update(Statuses.create(state.clock, task.getTaskId(), lost,
            TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_INVALID_OFFERS,
            "Task launched with invalid offers: " + error,
            task.hasAgentId() ? Optional.of(task.getAgentId()) : Optional.empty(),
            Optional.empty(), false)));
      }
    }
    offers.requestAllocation();
  }

  private Resources convert(Framework fw, AgentRecord agent, Offer.Operation op,
      Resources remaining) {
    Optional<String> error = switch (op.getType()) {
      case RESERVE -> op.getReserve().getSourceCount() > 0
          ? Optional.of("Reservation updates are not yet implemented for the scheduler API.")
          : OperationValidation.reserve(op.getReserve(), fw.info);
      case UNRESERVE -> OperationValidation.unreserve(op.getUnreserve());
      case CREATE -> OperationValidation.create(op.getCreate(), agent.link.totalResources(),
          fw.info);
      case DESTROY -> OperationValidation.destroy(op.getDestroy(), agent.link.totalResources(),
          state.used(agent));
      default -> Optional.of("unexpected operation");
    };
    if (error.isPresent()) {
      drop(fw, op, error.get() + "; on agent " + describe(agent));
      return remaining;
    }
    Conversion conversion = Conversion.of(op);
    Conversion.Result result = conversion.apply(remaining);
    if (result.error().isPresent()) {
      drop(fw, op, result.error().get());
      return remaining;
    }
    if (op.getType() == Offer.Operation.Type.DESTROY) {
      offers.rescindContaining(agent.id, conversion.consumed());
    }
    LOG.info("Applying {} operation for resources {} from framework {} to agent {}",
        op.getType(), conversion.converted(), fw.id.getValue(), agent.id);
    agent.link.apply(op);
    return result.resources();
  }

  private Resources launch(Framework fw, AgentRecord agent, List<TaskInfo> tasks,
      Resources remaining) {
    for (TaskInfo task : tasks) {
      Map<String, ExecutorInfo> executors =
          agent.executors.computeIfAbsent(fw.id.getValue(), k -> new java.util.HashMap<>());
      Optional<ExecutorInfo> existing = task.hasExecutor()
          ? Optional.ofNullable(executors.get(task.getExecutor().getExecutorId().getValue()))
          : Optional.empty();
      TaskValidation validation = new TaskValidation(fw.id, fw.tasks.keySet(),
          agent.link.info().getId(), existing);
      Optional<String> error = validation.validate(task, remaining);
      if (error.isPresent()) {
        LOG.warn("Task {} of framework {} is invalid: {}", task.getTaskId().getValue(),
            fw.id.getValue(), error.get());
        taskErrors(fw, List.of(task), TaskStatus.Reason.REASON_TASK_INVALID, error.get());
        continue;
      }
      Resources consumed = Resources.of(task.getResourcesList());
      if (task.hasExecutor() && existing.isEmpty()) {
        executors.put(task.getExecutor().getExecutorId().getValue(), task.getExecutor());
        consumed = consumed.plus(Resources.of(task.getExecutor().getResourcesList()));
      }
      TaskRecord record = new TaskRecord(task, fw.id.getValue(), agent.id,
          Resources.of(task.getResourcesList()));
      fw.tasks.put(task.getTaskId().getValue(), record);
      remaining = remaining.minus(consumed);
      LOG.info("Launching task {} of framework {} on agent {}", task.getTaskId().getValue(),
          fw.id.getValue(), agent.id);
      agent.link.runTask(fw.info, task);
    }
    return remaining;
  }

  private void taskErrors(Framework fw, List<TaskInfo> tasks, TaskStatus.Reason reason,
      String message) {
    for (TaskInfo task : tasks) {
      fw.send(Events.update(Statuses.create(state.clock, task.getTaskId(), TaskState.TASK_ERROR,
          TaskStatus.Source.SOURCE_MASTER, reason, message,
          task.hasAgentId() ? Optional.of(task.getAgentId()) : Optional.empty(),
          Optional.empty(), false)));
    }
  }

  private void drop(Framework fw, Offer.Operation op, String message) {
    LOG.warn("Dropping {} operation from framework {}: {}", op.getType(), fw.id.getValue(),
        message);
    if (op.hasId()) {
      fw.send(Events.operationError(op.getId(), message));
    }
  }

  static String describe(AgentRecord agent) {
    return agent.id + " at slave(1)@" + agent.link.info().getHostname() + ":"
        + agent.link.info().getPort() + " (" + agent.link.info().getHostname() + ")";
  }

  /** Upgrades resources to the refinement format and injects the offer's allocation role. */
  static Offer.Operation normalize(Offer.Operation op, String role, Framework fw) {
    Offer.Operation.Builder b = op.toBuilder();
    switch (op.getType()) {
      case RESERVE -> fix(b.getReserveBuilder().getResourcesBuilderList(), role);
      case UNRESERVE -> fix(b.getUnreserveBuilder().getResourcesBuilderList(), role);
      case CREATE -> fix(b.getCreateBuilder().getVolumesBuilderList(), role);
      case DESTROY -> fix(b.getDestroyBuilder().getVolumesBuilderList(), role);
      case LAUNCH -> {
        for (TaskInfo.Builder task : b.getLaunchBuilder().getTaskInfosBuilderList()) {
          fix(task.getResourcesBuilderList(), role);
          if (task.hasExecutor()) {
            fix(task.getExecutorBuilder().getResourcesBuilderList(), role);
            if (!task.getExecutor().hasFrameworkId()) {
              task.getExecutorBuilder().setFrameworkId(fw.id);
            }
          }
        }
      }
      default -> {
      }
    }
    return b.build();
  }

  private static void fix(List<Resource.Builder> resources, String role) {
    for (Resource.Builder r : resources) {
      if (!ResourceFormat.mixesFormats(r.build())) {
        Resource up = ResourceFormat.upgrade(r.build());
        r.clear().mergeFrom(up);
      }
      if (!r.hasAllocationInfo()) {
        r.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
      }
    }
  }
}
