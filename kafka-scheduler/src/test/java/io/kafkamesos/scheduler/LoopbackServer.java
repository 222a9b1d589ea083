package io.kafkamesos.scheduler;

import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;

/** The configuration of the tests' own Dropwizard API servers: on 127.0.0.1 only, on free ports. */
public final class LoopbackServer {

  private LoopbackServer() {
  }

  /** A Dropwizard configuration whose application and admin connectors bind 127.0.0.1, port 0. */
  public static Configuration configuration() {
    DefaultServerFactory server = new DefaultServerFactory();
    server.setApplicationConnectors(List.of(loopback()));
    server.setAdminConnectors(List.of(loopback()));
    Configuration configuration = new Configuration();
    configuration.setServerFactory(server);
    return configuration;
  }

  /** A connector on 127.0.0.1 and a free port. */
  private static HttpConnectorFactory loopback() {
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost("127.0.0.1");
    connector.setPort(0);
    return connector;
  }
}
