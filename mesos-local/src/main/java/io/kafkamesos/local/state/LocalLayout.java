package io.kafkamesos.local.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a work dir remembers of the mesos-local that used it, so a restart comes back the same:
 * the first master's and ZooKeeper's ports, each agent's id, hostname and port, and the ports of
 * the other masters (absent in the files of a mesos-local with one master).
 */
public record LocalLayout(int masterPort, int zkPort, List<AgentSlot> agents,
    List<Integer> otherMasterPorts) {

  public LocalLayout {
    agents = agents == null ? List.of() : List.copyOf(agents);
    otherMasterPorts = otherMasterPorts == null ? List.of() : List.copyOf(otherMasterPorts);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = "mesos-local.json";

  /** One agent's identity. */
  public record AgentSlot(String id, String hostname, int port) {
  }

  public static Optional<LocalLayout> load(Path workDir) {
    Path file = workDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), LocalLayout.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public void save(Path workDir) {
    try {
      Path tmp = workDir.resolve(FILE + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
      Files.move(tmp, workDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + workDir.resolve(FILE), e);
    }
  }

  /**
   * Agent {@code i}'s hostname: its own loopback address, {@code 127.0.0.(i+1)} for the first
   * 254 agents, continuing with {@code 127.0.1.1}, ... (all of 127/8 is loopback on Linux).
   */
  public static String hostname(int i) {
    return "127." + (i / 254 / 256) + "." + (i / 254 % 256) + "." + (i % 254 + 1);
  }
}
