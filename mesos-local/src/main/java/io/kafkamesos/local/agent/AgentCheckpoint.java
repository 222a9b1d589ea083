package io.kafkamesos.local.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent writes to its work dir so that a restart finds its resources, reservations,
 * volumes, frameworks, executors (with their pids) and tasks with unacknowledged updates.
 * Messages are kept in Mesos' JSON; the file is replaced atomically.
 */
public record AgentCheckpoint(String agentInfo, List<String> total,
    Map<String, String> frameworks, List<ExecutorData> executors) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "checkpoint.json";

  /** An executor run: where it lives, its process, its tasks. */
  public record ExecutorData(String frameworkId, String executorInfo, String containerId,
      String directory, long pid, long startMillis, boolean command, boolean terminating,
      List<TaskData> tasks) {
  }

  /** A task: sent to the executor yet, statuses seen (latest last), updates not yet acked. */
  public record TaskData(String taskInfo, boolean launched, List<String> statuses,
      List<String> pending) {
  }

  public static Optional<AgentCheckpoint> load(Path agentDir) {
    Path file = agentDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), AgentCheckpoint.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read agent checkpoint " + file, e);
    }
  }

  public void save(Path agentDir) {
    try {
      Files.createDirectories(agentDir);
      Path tmp = agentDir.resolve(FILE + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, agentDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write agent checkpoint in " + agentDir, e);
    }
  }

  static String json(Message message) {
    return new String(ContentType.JSON.encode(message), StandardCharsets.UTF_8);
  }

  static <M extends Message> M parse(String json, Message.Builder builder) {
    try {
      return ContentType.JSON.decode(json.getBytes(StandardCharsets.UTF_8), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt checkpoint entry: " + json, e);
    }
  }
}
