package io.kafkamesos.local.it;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.AllocationInfo;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/** Builds the resources, operations and tasks the tests send, and reads resources back. */
public final class TestTasks {

  public static final double TASK_CPUS = 0.5;
  public static final double TASK_MEM = 128;
  public static final double EXECUTOR_CPUS = 0.1;
  public static final double EXECUTOR_MEM = 32;

  /** Overrides the classpath of the test executor (for runs where java.class.path is not it). */
  public static final String CLASSPATH_PROPERTY = "test.executor.classpath";

  private TestTasks() {
  }

  // ---- the executor ----

  /** The shell command that runs {@link TestExecutor} as a child JVM. */
  public static CommandInfo executorCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
    String line = "exec " + quote(java)
        + " -Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
        + " -cp " + quote(classpath) + " " + TestExecutor.class.getName();
    return CommandInfo.newBuilder().setShell(true).setValue(line).build();
  }

  public static ExecutorInfo executor(String executorId, AllocationInfo allocation) {
    return ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .setName("test executor " + executorId)
        .setCommand(executorCommand())
        .addResources(scalar("cpus", EXECUTOR_CPUS, allocation))
        .addResources(scalar("mem", EXECUTOR_MEM, allocation))
        .build();
  }

  /** A task of the test executor on the offer's agent, using unreserved cpus and mem. */
  public static TaskInfo task(String taskId, Offer offer, Map<String, String> behaviour) {
    return task(taskId, offer, behaviour, List.of(
        scalar("cpus", TASK_CPUS, offer.getAllocationInfo()),
        scalar("mem", TASK_MEM, offer.getAllocationInfo())));
  }

  /** A task of the test executor with the given resources and its own executor. */
  public static TaskInfo task(String taskId, Offer offer, Map<String, String> behaviour,
      List<Resource> resources) {
    return TaskInfo.newBuilder()
        .setName("test task " + taskId)
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setAgentId(offer.getAgentId())
        .setExecutor(executor("executor-" + taskId, offer.getAllocationInfo()))
        .addAllResources(resources)
        .setData(ByteString.copyFromUtf8(TestExecutor.properties(behaviour)))
        .build();
  }

  public static TaskID taskId(String value) {
    return TaskID.newBuilder().setValue(value).build();
  }

  // ---- operations ----

  public static Offer.Operation launch(TaskInfo... tasks) {
    return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build();
  }

  public static Offer.Operation reserve(List<Resource> reserved) {
    return Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE)
        .setReserve(Offer.Operation.Reserve.newBuilder().addAllResources(reserved)).build();
  }

  public static Offer.Operation unreserve(List<Resource> reserved) {
    return Offer.Operation.newBuilder().setType(Offer.Operation.Type.UNRESERVE)
        .setUnreserve(Offer.Operation.Unreserve.newBuilder().addAllResources(reserved)).build();
  }

  public static Offer.Operation create(Resource volume) {
    return Offer.Operation.newBuilder().setType(Offer.Operation.Type.CREATE)
        .setCreate(Offer.Operation.Create.newBuilder().addVolumes(volume)).build();
  }

  public static Offer.Operation destroy(Resource volume) {
    return Offer.Operation.newBuilder().setType(Offer.Operation.Type.DESTROY)
        .setDestroy(Offer.Operation.Destroy.newBuilder().addVolumes(volume)).build();
  }

  // ---- resources ----

  /** A scalar resource; offers to frameworks without MULTI_ROLE carry no allocation info. */
  public static Resource scalar(String name, double value, AllocationInfo allocation) {
    Resource.Builder r = Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value));
    if (allocation.hasRole()) {
      r.setAllocationInfo(allocation);
    }
    return r.build();
  }

  /** The resource, dynamically reserved for the role by the principal (post-refinement format). */
  public static Resource reserved(Resource resource, String role, String principal) {
    return resource.toBuilder().addReservations(ReservationInfo.newBuilder()
        .setType(ReservationInfo.Type.DYNAMIC).setRole(role).setPrincipal(principal)).build();
  }

  /** A persistent volume made of reserved disk. */
  public static Resource volume(Resource reservedDisk, String id, String containerPath,
      String principal) {
    return reservedDisk.toBuilder().setDisk(DiskInfo.newBuilder()
        .setPersistence(DiskInfo.Persistence.newBuilder().setId(id).setPrincipal(principal))
        .setVolume(Volume.newBuilder().setContainerPath(containerPath).setMode(Volume.Mode.RW)))
        .build();
  }

  /** The role a resource is reserved for, or {@code *} when unreserved (either format). */
  @SuppressWarnings("deprecation") // the pre-refinement 'role' field, read for frameworks of old
  public static String reservationRole(Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    return r.hasRole() ? r.getRole() : "*";
  }

  public static boolean isUnreserved(Resource r) {
    return "*".equals(reservationRole(r));
  }

  public static boolean isVolume(Resource r) {
    return r.hasDisk() && r.getDisk().hasPersistence();
  }

  public static double sum(List<Resource> resources, String name, Predicate<Resource> which) {
    return resources.stream().filter(r -> r.getName().equals(name) && which.test(r))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  public static double sum(List<Resource> resources, String name) {
    return sum(resources, name, r -> true);
  }

  /** The ranges of a ranges resource, as "begin-end" strings. */
  public static List<String> ranges(List<Resource> resources, String name) {
    List<String> out = new ArrayList<>();
    resources.stream().filter(r -> r.getName().equals(name) && r.hasRanges())
        .flatMap(r -> r.getRanges().getRangeList().stream())
        .forEach(range -> out.add(range.getBegin() + "-" + range.getEnd()));
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
