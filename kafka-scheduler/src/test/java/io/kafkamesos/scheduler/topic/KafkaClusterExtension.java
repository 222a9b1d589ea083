package io.kafkamesos.scheduler.topic;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class a real {@link KafkaCluster}. The cluster is kept in the
 * root context's store, so the IT classes of one run share it (a broker JVM takes a while to
 * start), and JUnit closes it when the run ends, failed or not.
 * Register it as a static field: {@code @RegisterExtension static final KafkaClusterExtension KAFKA = ...}.
 */
final class KafkaClusterExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    private final int brokers;
    private KafkaCluster cluster;

    KafkaClusterExtension(int brokers) {
        this.brokers = brokers;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster-" + brokers, key -> new Holder(KafkaCluster.start(brokers)),
                        Holder.class)
                .cluster();
        // registered in ZooKeeper is not yet known to every broker: until the controller's metadata
        // reaches it, a broker answers describeCluster with fewer brokers (even none), and a class
        // that starts with "create, replication 2" would be told there are 0 live brokers
        cluster.awaitEveryBrokerKnowsTheOthers();
    }

    KafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts before all tests of the class");
        }
        return cluster;
    }

    private record Holder(KafkaCluster cluster) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
