package io.kafkamesos.commons.mesos;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the Mesos masters are. {@link MesosClient} asks anew on every (re)connection and tries the
 * answers in order; a master that is not the leader redirects the client to the one that is, so a
 * locator only has to name masters, not know the leader (though it may name the leader first).
 *
 * <p>Implementations: {@link #of} for fixed URLs ({@code MESOS_MASTER=http://m1:5050,http://m2:5050}),
 * and in the scheduler one that reads the masters' ZooKeeper entries
 * ({@code MESOS_MASTER=zk://zk1:2181/mesos}). kafka-commons holds only this seam, since reading
 * ZooKeeper needs Curator, which the scheduler has and the executor (which is told its agent's
 * address) does not need.
 */
public interface MasterLocator extends AutoCloseable {

  /**
   * The base URLs of the masters to try ({@code http://host:5050}), at least one.
   *
   * @throws IOException when no master can be named now (ZooKeeper does not answer, no master is
   *     registered); the client says so and tries again after a backoff
   */
  List<URI> masters() throws IOException;

  /** Where the locator looks, for logs and health checks; never a password. */
  String describe();

  /** Releases what the locator holds (a ZooKeeper session); the client calls it when closed. */
  @Override
  default void close() {
  }

  /** Fixed masters, tried in this order. */
  static MasterLocator of(List<URI> masters) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("at least one master URL is needed");
    }
    List<URI> copy = List.copyOf(masters);
    String text = copy.stream().map(URI::toString).collect(Collectors.joining(","));
    return new MasterLocator() {
      @Override
      public List<URI> masters() {
        return copy;
      }

      @Override
      public String describe() {
        return text;
      }
    };
  }
}
