package io.kafkamesos.scheduler;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;

/** The ports the started server listens on (Marathon's PORT0/PORT1, or the free ports picked). */
final class ServerPorts {

  private static final ServerLifecycleListener PORTS = server -> { };

  private ServerPorts() {
  }

  static int api(Server server) {
    return PORTS.getLocalPort(server);
  }

  static int admin(Server server) {
    return PORTS.getAdminPort(server);
  }
}
