package io.kafkamesos.scheduler;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.commons.node.NodeTaskId;
import io.kafkamesos.scheduler.access.AclService;
import io.kafkamesos.scheduler.access.KafkaAdminAccess;
import io.kafkamesos.scheduler.access.ScramUsers;
import io.kafkamesos.scheduler.access.UserCertificates;
import io.kafkamesos.scheduler.api.AclsResource;
import io.kafkamesos.scheduler.api.CertificatesResource;
import io.kafkamesos.scheduler.api.TlsResource;
import io.kafkamesos.scheduler.api.UsersResource;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.TargetResolver;
import io.kafkamesos.scheduler.health.CertificatesHealthCheck;
import io.kafkamesos.scheduler.health.ClusterCaHealthCheck;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.plan.SwitchPlan;
import io.kafkamesos.scheduler.security.ApiCertificate;
import io.kafkamesos.scheduler.security.CertificateWatch;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.NodeCertificateService;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.security.SecurityWiring;
import io.kafkamesos.scheduler.security.ServedCertificates;
import io.kafkamesos.scheduler.security.SwitchedListeners;
import io.kafkamesos.scheduler.security.TlsNodes;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.PlanProgress;
import io.kafkamesos.scheduler.state.PlanState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Issue 15's parts of the leader, as {@link KafkaSchedulerApplication} registers them: the cluster
 * CA, users and ACLs, the certificate watch, the listeners of a cluster switched to TLS, and what
 * a node's certificate request is checked against.
 */
final class SecurityRegistrations {

  /** How long a user or ACL request waits for Kafka's answer. */
  private static final Duration ACCESS_TIMEOUT = Duration.ofSeconds(10);

  private SecurityRegistrations() {
  }

  /**
   * The cluster CA ({@code GET /v1/tls/ca}) of the target in force, found or made by the leader
   * only; SCRAM users, users' certificates and ACLs through Kafka's admin client.
   *
   * @param bootstrap the registered brokers' addresses at each call, for the admin client
   */
  static void register(Environment environment, SchedulerSettings settings, SecurityTarget inForce,
      ClusterCaService ca, SecurityWiring tls, Supplier<String> bootstrap, Clock clock,
      List<Managed> parts) {
    parts.add(ca);
    parts.add(tls);
    environment.jersey().register(new TlsResource(ca));
    environment.healthChecks().register("cluster-ca", new ClusterCaHealthCheck(ca));

    KafkaAdminAccess kafka = new KafkaAdminAccess(bootstrap, ACCESS_TIMEOUT, clock,
        tls.clientSecurity());
    parts.add(kafka);
    String kafkaVersion = settings.kafka().version().version();
    environment.jersey().register(new UsersResource(new ScramUsers(kafka, () -> kafkaVersion,
        new SecureRandom()), new UserCertificates(inForce, ca::state, ca::certificatePem, clock,
        new SecureRandom())));
    environment.jersey().register(new AclsResource(new AclService(kafka, inForce::authorization)));
  }

  /**
   * With {@code API_TLS}: the API port made HTTPS, serving the certificate this answers (a
   * self-signed stand-in until the leader's {@link ApiCertificate#refresher} has the CA's); null
   * without. Before the server is built: Dropwizard builds it from {@code configuration} after
   * {@code run}.
   */
  static ApiCertificate apiTls(io.dropwizard.core.server.ServerFactory server, SchedulerSettings settings,
      io.kafkamesos.scheduler.security.SecuritySettings security, Clock clock) {
    if (!settings.apiTls()) {
      return null;
    }
    ApiCertificate certificate = new ApiCertificate(settings.frameworkName(), settings.apiHost(),
        security.policy(), clock, new SecureRandom());
    ApiHttpsConnectorFactory.install(server, certificate);
    return certificate;
  }

  /**
   * The nodes' certificates, read where they are served, renewed by a rolling restart
   * when due ({@link CertificateWatch}, hourly), and shown by {@code GET /v1/tls/certificates}.
   */
  static void registerCertificateWatch(Environment environment, SchedulerSettings settings,
      SecurityTarget inForce, ClusterCaService ca, SecurityWiring tls, KafkaRegistry registry,
      BrokerScheduler scheduler, EventLoop loop, Clock clock, List<Managed> parts) {
    CertificateWatch watch = null;
    if (inForce.tls()) {
      NodeTlsLayout layout = tls.nodeTls() instanceof NodeTlsLayout installed ? installed : null;
      watch = new CertificateWatch(settings.frameworkName(),
          () -> TlsNodes.of(registry.registrations(), scheduler.view().records().values(), layout),
          ca::ca, inForce.policy(),
          (host, port) -> ServedCertificates.read(host, port, CertificateWatch.PROBE_TIMEOUT),
          (id, reason) -> loop.call(() -> scheduler.renewCertificate(id, reason)), clock);
      parts.add(watch);
      environment.healthChecks().register("certificates", new CertificatesHealthCheck(watch, clock));
    }
    environment.jersey().register(new CertificatesResource(ca, watch, inForce.renewalDays()));
  }

  /**
   * The listeners of a ZooKeeper-mode cluster whose TLS was switched on while it ran, as its live
   * plan says; null for any other cluster. During the switch's plan, its stages from the options
   * it started with; after it, every broker at the target's listeners.
   */
  static SwitchedListeners switchedListeners(
      TargetResolver.Resolution target, SchedulerSettings settings,
      AtomicReference<BrokerScheduler> built) {
    SecurityTarget security = target.target().configuration().security();
    if (!security.tls() || !security.switched() || settings.isKraft()) {
      return null;
    }
    PlanState plan = target.plan();
    boolean switching = plan.kind() == PlanKind.SWITCH_ON;
    Supplier<PlanProgress> progress = () -> built.get() == null
        ? plan.progress() : built.get().coordinator().progress();
    return new SwitchedListeners(
        switching ? SwitchPlan.from(plan)
            : NodeTlsLayout.listenerTarget(security),
        switching ? SwitchPlan.stages(plan) : List.of(), progress,
        settings.brokerCount());
  }

  /** What the scheduler knows of a node task, for its certificate request. */
  static Optional<NodeCertificateService.NodeTask> nodeTask(
      BrokerScheduler scheduler, String taskId) {
    return scheduler.view().records().values().stream()
        .filter(r -> taskId.equals(r.taskId()) && r.agentId() != null && r.hostname() != null)
        .findFirst()
        .flatMap(r -> NodeTaskId.parse(taskId).map(t ->
            new NodeCertificateService.NodeTask(taskId, r.agentId(), t.executorId(), r.hostname(),
                t.kind().describe(t.nodeId()))));
  }
}
