package io.kafkamesos.executor.security;

import io.kafkamesos.commons.broker.BrokerTaskSpec;
import io.kafkamesos.commons.security.NodeKeystores;
import io.kafkamesos.commons.security.NodeTlsSpec;

/**
 * How the executor gets its node's certificate before it starts the node: a key made here, a
 * request sent to the scheduler over Mesos, the signed chain written into key stores in the
 * sandbox. The outcome is delivered on the executor's action thread.
 */
public interface NodeCertificates {

  /** The end of one exchange. */
  interface Outcome {
    /** The key stores are written; the node may start with their properties. */
    void certified(NodeKeystores.Stores stores);

    /** The scheduler refused, or the answer could not be used; the node cannot start. */
    void failed(String reason);
  }

  /** An exchange in progress. */
  interface Pending {
    /**
     * Takes a scheduler {@code MESSAGE}'s data.
     *
     * @return whether it was this exchange's answer (anything else is left to others)
     */
    boolean received(byte[] data);

    /** Stops asking (the task was killed while it waited). */
    void cancel();
  }

  /** Starts asking for {@code taskId}'s certificate. */
  Pending request(String taskId, BrokerTaskSpec spec, NodeTlsSpec tls, Outcome outcome);

  /** For executors that cannot ask (tests of other parts): every request fails at once. */
  NodeCertificates NONE = (taskId, spec, tls, outcome) -> {
    outcome.failed("this executor cannot request certificates");
    return new Pending() {
      @Override
      public boolean received(byte[] data) {
        return false;
      }

      @Override
      public void cancel() {
      }
    };
  };
}
