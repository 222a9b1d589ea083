package io.kafkamesos.scheduler.observability;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /metrics} on the admin port: the registry in Prometheus' text exposition format
 * (0.0.4, or OpenMetrics when the scraper asks for it in {@code Accept}). {@code ?name[]=x} limits
 * the answer to the named metric families, as Prometheus' own exporters do.
 */
public final class PrometheusServlet extends HttpServlet {

  private final transient CollectorRegistry registry;

  public PrometheusServlet(CollectorRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String contentType = TextFormat.chooseContentType(request.getHeader("Accept"));
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(contentType);
    response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
    String[] names = request.getParameterValues("name[]");
    Set<String> included = names == null ? Set.of() : new HashSet<>(java.util.Arrays.asList(names));
    try (Writer writer = response.getWriter()) {
      TextFormat.writeFormat(contentType, writer, included.isEmpty()
          ? registry.metricFamilySamples() : registry.filteredMetricFamilySamples(included));
    }
  }
}
