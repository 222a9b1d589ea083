package io.kafkamesos.local.agent;

import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.master.Conversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's side of RESERVE, UNRESERVE, CREATE and DESTROY: its total resources change, and a
 * volume's directory is made (CREATE) or deleted with its data (DESTROY).
 */
final class AgentResources {

  private static final Logger LOG = LoggerFactory.getLogger(AgentResources.class);

  private AgentResources() {
  }

  static void apply(AgentState state, Offer.Operation operation) {
    Conversion conversion = Conversion.of(operation);
    Resources consumed = conversion.consumed().unallocated();
    if (!state.total.contains(consumed)) {
      LOG.warn("Agent {} cannot apply {}: {} not in {}", state.id(), operation.getType(),
          consumed, state.total);
      return;
    }
    state.total = state.total.minus(consumed).plus(conversion.converted().unallocated());
    try {
      if (operation.getType() == Offer.Operation.Type.CREATE) {
        for (Resource volume : operation.getCreate().getVolumesList()) {
          Files.createDirectories(state.volume(volume));
        }
      } else if (operation.getType() == Offer.Operation.Type.DESTROY) {
        for (Resource volume : operation.getDestroy().getVolumesList()) {
          deleteTree(state.volume(volume));
        }
      }
    } catch (IOException e) {
      LOG.warn("Agent {}: volume directory for {} failed: {}", state.id(), operation.getType(),
          e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
