package io.kafkamesos.it.api;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives a test's {@code @BeforeAll} the {@link ApiCluster} of the run: one cluster for every API
 * test class (kept in JUnit's root store, which closes it at the end), healthy when handed out. A
 * failed test has the cluster keep its logs when it closes.
 */
public final class ApiClusterExtension implements ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApiCluster.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ApiCluster cluster = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(ApiCluster.class, key -> ApiCluster.start(), ApiCluster.class);
    cluster.awaitHealthy();
    return cluster;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    ApiCluster cluster = context.getRoot().getStore(NAMESPACE).get(ApiCluster.class, ApiCluster.class);
    if (cluster != null) {
      cluster.keepLogsOnClose();
    }
  }
}
