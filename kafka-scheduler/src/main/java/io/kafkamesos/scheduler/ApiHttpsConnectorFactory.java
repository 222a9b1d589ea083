package io.kafkamesos.scheduler;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.kafkamesos.scheduler.security.ApiCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API port's connector with {@code API_TLS}: Dropwizard's HTTPS connector (its protocols,
 * cipher suites and SSL parameters logging) whose key store is {@link ApiCertificate}'s, held in
 * memory, instead of a key store file named in {@code scheduler.yml}.
 */
final class ApiHttpsConnectorFactory extends HttpsConnectorFactory {

  private final transient ApiCertificate certificate;

  private ApiHttpsConnectorFactory(HttpConnectorFactory http, ApiCertificate certificate) {
    this.certificate = Objects.requireNonNull(certificate);
    setPort(http.getPort());
    setBindHost(http.getBindHost());
  }

  /**
   * Makes every plain application connector of {@code server} (the API port, {@code PORT0}) an
   * HTTPS one serving {@code certificate}; the admin port stays plain HTTP (Marathon's health
   * check and the metrics scrapers ask it).
   *
   * @throws IllegalStateException when the configuration has no plain application connector
   */
  static void install(ServerFactory server, ApiCertificate certificate) {
    if (!(server instanceof DefaultServerFactory factory)) {
      throw new IllegalStateException("API_TLS needs server.type 'default' in scheduler.yml");
    }
    List<ConnectorFactory> connectors = new ArrayList<>();
    boolean replaced = false;
    for (ConnectorFactory connector : factory.getApplicationConnectors()) {
      if (connector.getClass() == HttpConnectorFactory.class) {
        connectors.add(new ApiHttpsConnectorFactory((HttpConnectorFactory) connector, certificate));
        replaced = true;
      } else {
        connectors.add(connector);
      }
    }
    if (!replaced) {
      throw new IllegalStateException("API_TLS: scheduler.yml has no plain http application"
          + " connector to serve HTTPS on");
    }
    factory.setApplicationConnectors(connectors);
  }

  @Override
  protected SslContextFactory.Server configureSslContextFactory(SslContextFactory factory) {
    SslContextFactory.Server server = super.configureSslContextFactory(factory);
    certificate.attach(server);
    return server;
  }
}
