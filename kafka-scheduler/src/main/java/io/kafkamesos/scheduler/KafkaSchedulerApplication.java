package io.kafkamesos.scheduler;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyServletContainer;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.metrics.servlets.MetricsServlet;
import io.kafkamesos.commons.observability.ObservabilitySettings;
import io.kafkamesos.scheduler.api.BrokersResource;
import io.kafkamesos.scheduler.api.ConnectionResource;
import io.kafkamesos.scheduler.api.ControllersResource;
import io.kafkamesos.scheduler.api.HttpErrors;
import io.kafkamesos.scheduler.api.PlanResource;
import io.kafkamesos.scheduler.api.ReservationsResource;
import io.kafkamesos.scheduler.api.VersionReport;
import io.kafkamesos.scheduler.api.VersionResource;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.BrokerService;
import io.kafkamesos.scheduler.core.ClusterOps;
import io.kafkamesos.scheduler.core.ControllerService;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.FrameworkService;
import io.kafkamesos.scheduler.core.KafkaClusterOps;
import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.SchedulerAssembly;
import io.kafkamesos.scheduler.core.SchedulerLifecycle;
import io.kafkamesos.scheduler.core.SchedulerMetrics;
import io.kafkamesos.scheduler.core.TargetResolver;
import io.kafkamesos.scheduler.core.TargetStartup;
import io.kafkamesos.scheduler.health.BrokersHealthCheck;
import io.kafkamesos.scheduler.health.LeadershipHealthCheck;
import io.kafkamesos.scheduler.health.Liveness;
import io.kafkamesos.scheduler.health.LivenessServlet;
import io.kafkamesos.scheduler.health.MesosHealthCheck;
import io.kafkamesos.scheduler.health.PartitionsHealthCheck;
import io.kafkamesos.scheduler.health.PlanHealthCheck;
import io.kafkamesos.scheduler.health.QuorumHealthCheck;
import io.kafkamesos.scheduler.health.ZooKeeperHealthCheck;
import io.kafkamesos.scheduler.kafka.CuratorKafkaRegistry;
import io.kafkamesos.scheduler.kafka.KafkaAccess;
import io.kafkamesos.scheduler.kafka.KafkaAccesses;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.kraft.BrokerListeners;
import io.kafkamesos.scheduler.kraft.CuratorMigrationProbe;
import io.kafkamesos.scheduler.kraft.KraftIdentity;
import io.kafkamesos.scheduler.kraft.KraftWiring;
import io.kafkamesos.scheduler.kraft.MigrationProbe;
import io.kafkamesos.scheduler.kraft.MigrationStart;
import io.kafkamesos.scheduler.kraft.QuorumGate;
import io.kafkamesos.scheduler.kraft.RevertClusterOps;
import io.kafkamesos.scheduler.leader.ApiGate;
import io.kafkamesos.scheduler.leader.CuratorElection;
import io.kafkamesos.scheduler.leader.GatedSchedulerDriver;
import io.kafkamesos.scheduler.leader.LeaderGate;
import io.kafkamesos.scheduler.leader.LeaderInfo;
import io.kafkamesos.scheduler.leader.LeadershipStatus;
import io.kafkamesos.scheduler.mesos.MesosConnection;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import io.kafkamesos.scheduler.observability.BrokerMetricsCollector;
import io.kafkamesos.scheduler.observability.BrokerMetricsStore;
import io.kafkamesos.scheduler.observability.ClusterMetrics;
import io.kafkamesos.scheduler.observability.ClusterWatch;
import io.kafkamesos.scheduler.observability.ConfigLookup;
import io.kafkamesos.scheduler.observability.EventLog;
import io.kafkamesos.scheduler.observability.EventRecorder;
import io.kafkamesos.scheduler.observability.PrometheusServlet;
import io.kafkamesos.scheduler.observability.SharedViewReader;
import io.kafkamesos.scheduler.observability.StatsdReporter;
import io.kafkamesos.scheduler.security.ApiAuthSettings;
import io.kafkamesos.scheduler.security.ApiCertificate;
import io.kafkamesos.scheduler.security.ClientSecurity;
import io.kafkamesos.scheduler.security.ClusterCaService;
import io.kafkamesos.scheduler.security.NodeTlsLayout;
import io.kafkamesos.scheduler.security.SecureZooKeeper;
import io.kafkamesos.scheduler.security.SecuritySettings;
import io.kafkamesos.scheduler.security.SecuritySettingsParser;
import io.kafkamesos.scheduler.security.SecurityTarget;
import io.kafkamesos.scheduler.security.SecurityWiring;
import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.settings.InvalidSettingException;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.SettingsParser;
import io.kafkamesos.scheduler.state.CuratorStateStore;
import io.kafkamesos.scheduler.state.PlanKind;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.StateStoreException;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import io.kafkamesos.scheduler.state.ZooKeeperReachability;
import io.kafkamesos.scheduler.topic.TopicResource;
import io.kafkamesos.scheduler.topic.TopicService;
import io.kafkamesos.scheduler.web.StatusResource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;

/**
 * The scheduler of one Kafka cluster: {@code java -jar kafka-scheduler.jar server config/scheduler.yml}.
 * The YAML holds Dropwizard's ports and logging; the cluster's settings come from the environment.
 * Wiring is explicit: each part is built here and handed what it needs, in two stages: {@link #run}
 * what every process serves (the API's gate, liveness, health checks, the election), {@link #lead}
 * what only the leader builds.
 */
public class KafkaSchedulerApplication extends Application<SchedulerConfiguration> {

  /** How long taking over waits for the state ZooKeeper before it tries again. */
  private static final Duration ZK_WAIT = Duration.ofSeconds(10);
  /** How long a probe of a ZooKeeper server waits, when saying why it cannot be reached. */
  private static final Duration ZK_PROBE_TIMEOUT = Duration.ofSeconds(2);
  /**
   * The leader latch's session: a leader killed without a goodbye ({@code kill -9}, a lost host)
   * frees the latch after this long, and a standby takes over.
   */
  static final Duration LEADER_SESSION_TIMEOUT = Duration.ofSeconds(15);

  private final SchedulerSettings settings;
  private final SecuritySettings security;
  private volatile BrokerService brokerService;
  /** With {@code API_TLS}: what the API port serves; null without. */
  private ApiCertificate apiCertificate;

  /** Reads the settings from the process environment. */
  public KafkaSchedulerApplication() {
    this(SettingsParser.parse(System.getenv()),
        SecuritySettingsParser.parse(System.getenv(), Clock.systemUTC().instant()));
  }

  /** A cluster without security options. */
  public KafkaSchedulerApplication(SchedulerSettings settings) {
    this(settings, SecuritySettings.NONE);
  }

  public KafkaSchedulerApplication(SchedulerSettings settings, SecuritySettings security) {
    this.settings = Objects.requireNonNull(settings);
    this.security = Objects.requireNonNull(security);
  }

  public static void main(String[] args) throws Exception {
    SchedulerSettings settings;
    SecuritySettings security;
    try {
      settings = SettingsParser.parse(System.getenv());
      security = SecuritySettingsParser.parse(System.getenv(), Clock.systemUTC().instant());
      SecuritySettingsParser.checkKafkaVersion(security, settings.kafka().version().version());
      SecuritySettingsParser.checkApiTls(security, settings.apiTls());
      PlanSettings.parse(System.getenv());
      FaultSettings.parse(System.getenv());
      MesosConnection.parse(settings.mesosMaster(), settings.principal(), System.getenv());
      ApiAuthSettings.parse(System.getenv());
    } catch (InvalidSettingException e) {
      System.err.println("kafka-scheduler: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      ObservabilitySettings.parse(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kafka-scheduler: " + e.getMessage());
      System.exit(2);
      return;
    }
    new KafkaSchedulerApplication(settings, security).run(args);
  }

  @Override
  public String getName() {
    return "kafka-scheduler";
  }

  @Override
  public void initialize(Bootstrap<SchedulerConfiguration> bootstrap) {
    // non-strict: ${PORT0:-8080} takes its default when Marathon did not set the variable; plus
    // ${SYSLOG_THRESHOLD}, which switches the syslog appender on when SYSLOG_HOST is set
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), ConfigLookup.substitutor(System.getenv())));
  }

  @Override
  public void run(SchedulerConfiguration configuration, Environment environment) {
    Clock clock = Clock.systemUTC();
    PlanSettings planSettings = PlanSettings.parse(System.getenv());
    ZooKeeperReachability reachability = ZooKeeperReachability.system(ZK_PROBE_TIMEOUT);
    // Started with the application, never waited for: a ZooKeeper that does not resolve or answer
    // must not keep the API, the liveness and the health checks from answering (they say what is
    // wrong) while the client retries.
    CuratorFramework stateZk = ZooKeeperClients.client(settings.zookeeperConnect(), null);
    environment.lifecycle().manage(ZooKeeperClients.managed(stateZk, "state"));

    // One active scheduler per framework (issue 12): until this process holds the leader latch its
    // API answers 503 naming the leader, and nothing that acts is built; lead() builds the
    // scheduler's parts once it does, and only then is Jersey initialised.
    // /metrics in Prometheus' format: this registry and each broker's metrics as its executor
    // reports them over Mesos (wired to the driver once leading); Dropwizard's JSON at /metrics.json.
    // Servlets are added here: the admin port's context cannot take new ones once it serves.
    BrokerMetricsStore brokerMetrics = new BrokerMetricsStore(clock, BrokerMetricsStore.DEFAULT_MAX_AGE);
    CollectorRegistry prometheus = new CollectorRegistry();
    new DropwizardExports(environment.metrics()).register(prometheus);
    new BrokerMetricsCollector(brokerMetrics, clock).register(prometheus);
    environment.admin().addServlet("prometheus", new PrometheusServlet(prometheus))
        .addMapping("/metrics");
    environment.admin().addServlet("metrics-json", new MetricsServlet(environment.metrics()))
        .addMapping("/metrics.json");

    LeaderGate gate = new LeaderGate();
    AtomicReference<SchedulerLifecycle> lifecycleRef = new AtomicReference<>();
    Supplier<LeadershipStatus> status = () -> lifecycleRef.get().status();
    ApiGate api = new ApiGate(new JerseyServletContainer(environment.jersey().getResourceConfig()),
        status);
    environment.jersey().replace(config -> api);
    SchedulerLifecycle lifecycle = new SchedulerLifecycle(settings.frameworkName(), gate,
        () -> lead(environment, stateZk, planSettings, gate, api, reachability, brokerMetrics, clock),
        exitStatus -> new Thread(() -> System.exit(exitStatus), "exit").start(), clock);
    lifecycleRef.set(lifecycle);
    HttpErrors.install(environment);
    // issue 15: API_TLS makes the API port HTTPS with a certificate of the cluster CA
    apiCertificate = SecurityRegistrations.apiTls(configuration.getServerFactory(), settings, security, clock);

    // Marathon's health check: the process is up and leads or stands by (see health.Liveness). The
    // admin port answers from other hosts for it; Dropwizard's tasks there only from loopback.
    environment.admin().addServlet("liveness", new LivenessServlet(status, clock,
        Liveness.DEFAULT_STUCK_AFTER)).addMapping("/liveness");
    environment.admin().addFilter("tasks-from-loopback", new AdminTasksGuard())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
    environment.healthChecks().register("leadership", new LeadershipHealthCheck(status));
    environment.healthChecks().register("zookeeper", new ZooKeeperHealthCheck(Map.of("state", stateZk),
        Map.of("state", settings.zookeeperConnect()), reachability::diagnose));

    // the election starts once the API and the admin port listen, with the ports they got
    environment.lifecycle().addServerLifecycleListener(server -> {
      String host = settings.apiHost();
      LeaderInfo self = new LeaderInfo(settings.apiScheme() + "://" + host + ":" + ServerPorts.api(server),
          "http://" + host + ":" + ServerPorts.admin(server), host, ProcessHandle.current().pid(),
          clock.instant().toString());
      lifecycle.begin(new CuratorElection(
          ZooKeeperClients.leaderClient(settings.zookeeperConnect(), LEADER_SESSION_TIMEOUT),
          settings.zookeeperConnect(), settings.frameworkName(), self, reachability), self);
    });
    environment.lifecycle().manage(lifecycle);
  }

  /**
   * What this process builds once it holds the leader latch: the target in force, then every part
   * that runs with it (the resources are registered with Jersey before the API opens).
   *
   * @throws StateStoreException while ZooKeeper cannot be read or
   *     written (the lifecycle calls again)
   */
  private SchedulerLifecycle.Leader lead(Environment environment, CuratorFramework stateZk,
      PlanSettings planSettings, LeaderGate gate, ApiGate api, ZooKeeperReachability reachability,
      BrokerMetricsStore brokerMetrics, Clock clock) {
    // issue 6: the target configuration in force (the environment's, or the stored one when the
    // environment's is refused) decides what every part below runs with
    TargetResolver.Resolution target;
    try {
      target = TargetStartup.resolve(this.settings, SecurityTarget.of(security), planSettings,
          environment.getObjectMapper(), clock, stateZk, ZK_WAIT);
    } catch (InvalidSettingException e) {
      // e.g. the stored target's Kafka version has no archive in this environment: nothing this
      // process can do but say so; Marathon's restarts will not change it either
      System.err.println("kafka-scheduler: " + e.getMessage());
      System.exit(2);
      throw e;
    }
    SchedulerSettings settings = target.settings();
    List<Managed> parts = new ArrayList<>();
    CuratorFramework kafkaZk = ZooKeeperClients.readClient(settings.kafkaZookeeperChroot());
    kafkaZk.start(); // now, not with the other parts: the health checks registered below read it
    parts.add(new Managed() {
      @Override
      public void stop() {
        kafkaZk.close();
      }
    });

    StateStore store = new CuratorStateStore(stateZk, environment.getObjectMapper(),
        settings.frameworkName());
    // issue 14: a cluster that migrates from ZooKeeper keeps its id and is watched in ZooKeeper
    // (and so is a revert of its migration, which clears Kafka's migration state there)
    CuratorMigrationProbe migration = new CuratorMigrationProbe(kafkaZk, environment.getObjectMapper());
    if (target.plan().kind() == PlanKind.MIGRATION) {
      MigrationStart.keepClusterId(settings, store, migration);
    }
    MesosSchedulerDriver driver = new MesosSchedulerDriver(clock);
    // issue 14: a KRaft cluster's Kafka is reached through its brokers and controllers, not ZooKeeper
    AtomicReference<BrokerScheduler> built = new AtomicReference<>();
    // issue 15: the cluster CA, the nodes' TLS launches and the scheduler's own client certificate
    SecurityTarget inForce = target.target().configuration().security();
    ClusterCaService ca = new ClusterCaService(settings.frameworkName(), inForce, security,
        credential -> SecureZooKeeper.client(settings.zookeeperConnect(), credential), clock);
    // a cluster whose TLS was switched on while it ran launches each broker with the listeners of
    // its place in the plan, and its clients follow the plan (SwitchOn)
    SecurityWiring tls = new SecurityWiring(settings.frameworkName(), inForce, ca, settings.isKraft(),
        SecurityRegistrations.switchedListeners(target, settings, built), clock);
    // a KRaft cluster with TLS: the scheduler's clients reach the brokers' INTERNAL listener and the
    // controllers' CONTROLLER listener with its client certificate
    BrokerListeners brokerListeners = tls.nodeTls() instanceof NodeTlsLayout layout
        ? BrokerListeners.of(layout) : BrokerListeners.PLAINTEXT;
    KraftWiring kraft = settings.isKraft() ? KraftWiring.of(settings, environment.getObjectMapper(),
        clock, () -> built.get() == null ? Map.of() : built.get().view().records(),
        tls.clientSecurity(), brokerListeners,
        KraftIdentity.quorumOf(settings, store.kraft())) : null;
    KafkaRegistry registry = kraft != null ? kraft.registry()
        : new CuratorKafkaRegistry(kafkaZk, environment.getObjectMapper());
    ClusterOps clusterOps = kraft != null ? kraft.ops()
        : new KafkaClusterOps(kafkaZk, environment.getObjectMapper(), registry,
            () -> KafkaClusterOps.defaultMinInsync(settings.overrides()), tls.clientSecurity(),
            tls::adminAddress);
    if (kraft == null && target.plan().kind() == PlanKind.REVERT) {
      // a revert's brokers may still run as KRaft brokers, which the controllers know, not ZooKeeper
      RevertClusterOps.Wired revert = RevertClusterOps.wire(clusterOps,
          () -> built.get() == null ? List.of() : built.get().view().records().values(), brokerListeners,
          "kafka-scheduler-" + settings.frameworkName() + "-revert", tls.clientSecurity(),
          () -> KafkaClusterOps.defaultMinInsync(settings.overrides()));
      clusterOps = revert.ops();
      parts.add(new Managed() {
        @Override
        public void stop() throws Exception {
          revert.admin().close();
        }
      });
    }
    BrokerScheduler scheduler = SchedulerAssembly.assemble(target,
        new SchedulerAssembly.Behaviour(planSettings, FaultSettings.parse(System.getenv()),
            ObservabilitySettings.executorEnvironment(System.getenv())),
        new SchedulerAssembly.Edges(store, new GatedSchedulerDriver(driver, gate), registry, clusterOps,
            new SchedulerMetrics(environment.metrics()), clock,
            kraft != null ? kraft.watch() : QuorumGate.NONE,
            target.plan().kind() == PlanKind.MIGRATION
                || target.plan().kind() == PlanKind.REVERT ? migration
                : MigrationProbe.NONE), tls.nodeTls());
    built.set(scheduler);
    if (kraft != null) {
      parts.addAll(kraft.parts());
    }
    // issue 16: one shared view of Kafka's brokers and partitions, following Kafka's own change
    // notifications, for the topic API, the health checks, the status page and the gauges; a KRaft
    // cluster's view bootstraps from where the scheduler runs its brokers (not its controllers)
    KafkaAccess kafkaAccess = KafkaAccesses.open(settings, kafkaZk,
        () -> KafkaAccesses.endpoints(scheduler.view().records().values(), brokerListeners::adminPort),
        clock, tls.clientSecurity());
    parts.add(new Managed() {
      @Override
      public void stop() {
        kafkaAccess.close();
      }
    });
    EventLoop loop = new EventLoop(scheduler, settings.frameworkName() + "-scheduler", clock);
    FrameworkService framework = new FrameworkService(settings, store, loop, driver,
        System.getProperty("user.name", "root"), clock,
        MesosConnection.parse(settings.mesosMaster(), settings.principal(), System.getenv()));

    // issue 15: with API_AUTH the API port (status page, every /v1 path) asks who is calling
    ApiAuthSettings.parse(System.getenv()).filter(settings.frameworkName(), clock)
        .ifPresent(environment.jersey()::register);

    BrokerService brokers = new BrokerService(settings, scheduler, loop, registry,
        tls::adminAddress, tls.clientListeners());
    this.brokerService = brokers;
    environment.jersey().register(new BrokersResource(brokers));
    environment.jersey().register(new ReservationsResource(brokers));
    environment.jersey().register(new ConnectionResource(brokers));
    environment.jersey().register(new ControllersResource(new ControllerService(scheduler, loop,
        kraft == null ? null : kraft.watch())));
    String schedulerVersion = VersionReport.schedulerVersion();
    environment.jersey().register(new VersionResource(() -> VersionReport.of(schedulerVersion,
        settings.kafka().version().version(), scheduler.view())));
    PlanService planService = new PlanService(scheduler, loop);
    environment.jersey().register(new PlanResource(planService));
    environment.healthChecks().register("plan", new PlanHealthCheck(planService));

    Map<String, CuratorFramework> clients = new LinkedHashMap<>();
    clients.put("state", stateZk);
    if (kraft == null) {
      clients.put("Kafka", kafkaZk); // a KRaft cluster's Kafka keeps nothing in ZooKeeper
    }
    environment.healthChecks().register("mesos", new MesosHealthCheck(driver, clock));
    environment.healthChecks().unregister("zookeeper");
    environment.healthChecks().register("zookeeper", new ZooKeeperHealthCheck(clients,
        kraft == null ? Map.of("state", settings.zookeeperConnect(), "Kafka",
            settings.kafkaZookeeperChroot()) : Map.of("state", settings.zookeeperConnect()),
        reachability::diagnose));
    environment.healthChecks().register("brokers", new BrokersHealthCheck(scheduler,
        () -> kafkaAccess.snapshot().brokerIds()));
    if (kraft != null) {
      environment.healthChecks().register("quorum", new QuorumHealthCheck(kraft.watch(), scheduler,
          clock));
    }

    registerTopicApi(environment, kafkaAccess, kraft != null ? () -> kafkaAccess.snapshot().bootstrapServers()
        : () -> adminBootstrap(kafkaAccess, tls), tls.clientSecurity(), clock, parts);
    SecurityRegistrations.register(environment, settings, inForce, ca, tls, bootstrapServers(), clock, parts);
    if (apiCertificate != null) {
      parts.add(apiCertificate.refresher(ca::state));
    }
    SecurityRegistrations.registerCertificateWatch(environment, settings, inForce, ca, tls, registry, scheduler,
        loop, clock, parts);
    tls.answer(taskId -> SecurityRegistrations.nodeTask(scheduler, taskId), (agent, executor, data) -> driver.message(
        org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(agent).build(),
        org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue(executor).build(), data));
    driver.onExecutorMessage(message -> {
      brokerMetrics.accept(message);
      tls.accept(message);
    });
    registerObservability(environment, scheduler, kafkaAccess, clock, parts);
    return new LeaderParts(framework, api, parts);
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 8: statsd metrics, cluster gauges, the partitions health check, the event log and the
  // status page (packages observability, health and web).
  // ---------------------------------------------------------------------------------------------
  private void registerObservability(Environment environment, BrokerScheduler scheduler,
      KafkaAccess kafkaAccess, Clock clock, List<Managed> parts) {
    ObservabilitySettings observability = ObservabilitySettings.parse(System.getenv());
    // the shared view is read on every call: it costs nothing until Kafka changes
    ClusterWatch cluster = new ClusterWatch(new SharedViewReader(kafkaAccess), clock, Duration.ZERO);
    ClusterMetrics.register(environment.metrics(), cluster);
    environment.healthChecks().register("partitions", new PartitionsHealthCheck(cluster));
    EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY);
    parts.add(new EventRecorder(scheduler::view, events, clock, Duration.ofSeconds(1)));
    observability.statsd().ifPresent(statsd -> parts.add(
        StatsdReporter.managed(environment.metrics(), statsd, settings.frameworkName())));
    environment.jersey().register(new StatusResource(settings.frameworkName(), scheduler::view,
        cluster, events, environment.healthChecks(), clock));
  }

  // ---------------------------------------------------------------------------------------------
  // Topic API (package io.kafkamesos.scheduler.topic). It reads the shared view and bootstraps its
  // admin client from the view's live brokers.
  // ---------------------------------------------------------------------------------------------
  private void registerTopicApi(Environment environment, KafkaAccess kafkaAccess,
      Supplier<String> bootstrap, ClientSecurity clientSecurity, Clock clock, List<Managed> parts) {
    TopicService topics = new TopicService(kafkaAccess, bootstrap, TopicService.DEFAULT_TIMEOUT, clock,
        clientSecurity);
    environment.jersey().register(new TopicResource(topics));
    parts.add(new Managed() {
      @Override
      public void stop() {
        topics.close();
      }
    });
  }

  /**
   * The live brokers of the shared view at the address the scheduler's clients use now
   * ({@link SecurityWiring#adminAddress}: on a cluster switched to TLS, the listener every broker
   * has), {@code host:port,...}.
   */
  private static String adminBootstrap(KafkaAccess kafkaAccess, SecurityWiring tls) {
    return kafkaAccess.snapshot().brokers().values().stream()
        .map(b -> b.registration() == null ? java.util.Optional.ofNullable(b.endpoint())
            : tls.adminAddress(b.registration()).or(() -> java.util.Optional.ofNullable(b.endpoint())))
        .flatMap(java.util.Optional::stream)
        .collect(java.util.stream.Collectors.joining(","));
  }

  /** The cluster's settings, as read from the environment. */
  public SchedulerSettings settings() {
    return settings;
  }

  /** Kafka's {@code zookeeper.connect} with the cluster's chroot: {@code 127.0.0.1:2181/kafka0}. */
  public String kafkaZookeeperChroot() {
    return settings.kafkaZookeeperChroot();
  }

  /**
   * The registered brokers' {@code host:port,...} at the time of each call ("" while none is
   * registered, or while this process does not lead).
   */
  public Supplier<String> bootstrapServers() {
    return () -> {
      BrokerService brokers = brokerService;
      return brokers == null ? "" : brokers.bootstrapServers();
    };
  }
}
