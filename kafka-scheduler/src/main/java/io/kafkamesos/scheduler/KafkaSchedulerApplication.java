package io.kafkamesos.scheduler;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.kafkamesos.scheduler.api.BrokersResource;
import io.kafkamesos.scheduler.api.ReservationsResource;
import io.kafkamesos.scheduler.api.ConnectionResource;
import io.kafkamesos.scheduler.api.ErrorResponses;
import io.kafkamesos.scheduler.api.PlanResource;
import io.kafkamesos.scheduler.core.BrokerScheduler;
import io.kafkamesos.scheduler.core.BrokerService;
import io.kafkamesos.scheduler.core.EventLoop;
import io.kafkamesos.scheduler.core.FrameworkService;
import io.kafkamesos.scheduler.core.KafkaClusterOps;
import io.kafkamesos.scheduler.core.PlanCoordinator;
import io.kafkamesos.scheduler.core.PlanService;
import io.kafkamesos.scheduler.core.TargetResolver;
import io.kafkamesos.scheduler.core.TargetStartup;
import io.kafkamesos.scheduler.core.SchedulerMetrics;
import io.kafkamesos.scheduler.health.BrokersHealthCheck;
import io.kafkamesos.scheduler.health.MesosHealthCheck;
import io.kafkamesos.scheduler.health.PlanHealthCheck;
import io.kafkamesos.scheduler.health.PartitionsHealthCheck;
import io.kafkamesos.scheduler.health.ZooKeeperHealthCheck;
import io.kafkamesos.scheduler.kafka.CuratorKafkaRegistry;
import io.kafkamesos.scheduler.kafka.KafkaRegistry;
import io.kafkamesos.scheduler.mesos.MesosConnection;
import io.kafkamesos.scheduler.mesos.MesosSchedulerDriver;
import io.kafkamesos.scheduler.observability.ClusterMetrics;
import io.kafkamesos.scheduler.observability.ClusterWatch;
import io.kafkamesos.scheduler.observability.ConfigLookup;
import io.kafkamesos.scheduler.observability.EventLog;
import io.kafkamesos.scheduler.observability.EventRecorder;
import io.kafkamesos.scheduler.observability.StatsdReporter;
import io.kafkamesos.scheduler.observability.ZooKeeperClusterReader;
import io.kafkamesos.scheduler.offer.OfferEvaluator;
import io.kafkamesos.scheduler.offer.TaskInfoFactory;
import io.kafkamesos.scheduler.plan.Planner;
import io.kafkamesos.scheduler.security.ApiAuthSettings;
import io.kafkamesos.scheduler.settings.InvalidSettingException;
import io.kafkamesos.scheduler.settings.FaultSettings;
import io.kafkamesos.scheduler.settings.PlanSettings;
import io.kafkamesos.scheduler.settings.SchedulerSettings;
import io.kafkamesos.scheduler.settings.SettingsParser;
import io.kafkamesos.scheduler.state.CuratorStateStore;
import io.kafkamesos.scheduler.state.StateStore;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import io.kafkamesos.scheduler.topic.TopicExceptionMapper;
import io.kafkamesos.scheduler.topic.TopicResource;
import io.kafkamesos.scheduler.topic.TopicService;
import io.kafkamesos.scheduler.web.StatusResource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import io.kafkamesos.commons.observability.ObservabilitySettings;

/**
 * The scheduler of one Kafka cluster: {@code java -jar kafka-scheduler.jar server config/scheduler.yml}.
 * The YAML holds Dropwizard's ports and logging; the cluster's settings come from the environment.
 * Wiring is explicit: each part is built here and handed what it needs.
 */
public class KafkaSchedulerApplication extends Application<SchedulerConfiguration> {

  private static final Duration ZK_CONNECT_TIMEOUT = Duration.ofSeconds(60);

  private final SchedulerSettings settings;
  private volatile BrokerService brokerService;

  /** Reads the settings from the process environment. */
  public KafkaSchedulerApplication() {
    this(SettingsParser.parse(System.getenv()));
  }

  public KafkaSchedulerApplication(SchedulerSettings settings) {
    this.settings = Objects.requireNonNull(settings);
  }

  public static void main(String[] args) throws Exception {
    SchedulerSettings settings;
    try {
      settings = SettingsParser.parse(System.getenv());
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
    new KafkaSchedulerApplication(settings).run(args);
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
    // issue 6: the target configuration in force (the environment's, or the stored one when the
    // environment's is refused) decides what every part below runs with
    PlanSettings planSettings = PlanSettings.parse(System.getenv());
    TargetResolver.Resolution target = TargetStartup.resolve(this.settings, planSettings,
        environment.getObjectMapper(), clock, ZK_CONNECT_TIMEOUT);
    SchedulerSettings settings = target.settings();
    CuratorFramework stateZk = ZooKeeperClients.client(settings.zookeeperConnect(), null);
    CuratorFramework kafkaZk = ZooKeeperClients.readClient(settings.kafkaZookeeperChroot());
    environment.lifecycle().manage(ZooKeeperClients.managed(stateZk, "state", ZK_CONNECT_TIMEOUT));
    environment.lifecycle().manage(ZooKeeperClients.managed(kafkaZk, "Kafka", ZK_CONNECT_TIMEOUT));

    StateStore store = new CuratorStateStore(stateZk, environment.getObjectMapper(),
        settings.frameworkName());
    KafkaRegistry registry = new CuratorKafkaRegistry(kafkaZk, environment.getObjectMapper());
    MesosSchedulerDriver driver = new MesosSchedulerDriver(clock);
    KafkaClusterOps clusterOps = new KafkaClusterOps(kafkaZk, environment.getObjectMapper(), registry,
        () -> KafkaClusterOps.defaultMinInsync(settings.overrides()));
    PlanCoordinator plan = new PlanCoordinator(target, clusterOps, planSettings, clock);
    BrokerScheduler scheduler = new BrokerScheduler(settings, store, driver,
        new OfferEvaluator(settings, new TaskInfoFactory(settings,
            ObservabilitySettings.executorEnvironment(System.getenv()))),
        new Planner(Planner.standardBackoff()), registry, clock,
        new SchedulerMetrics(environment.metrics()), plan, clusterOps,
        FaultSettings.parse(System.getenv()));
    EventLoop loop = new EventLoop(scheduler, settings.frameworkName() + "-scheduler");
    environment.lifecycle().manage(new FrameworkService(settings, store, loop, driver,
        System.getProperty("user.name", "root"), clock,
        MesosConnection.parse(settings.mesosMaster(), settings.principal(), System.getenv())));

    // issue 15: with API_AUTH the API port (status page, every /v1 path) asks who is calling
    ApiAuthSettings.parse(System.getenv()).filter(settings.frameworkName(), clock)
        .ifPresent(environment.jersey()::register);

    BrokerService brokers = new BrokerService(settings, scheduler, loop, registry);
    this.brokerService = brokers;
    environment.jersey().register(new BrokersResource(brokers));
    environment.jersey().register(new ReservationsResource(brokers));
    environment.jersey().register(new ConnectionResource(brokers));
    ErrorResponses.mappers().forEach(environment.jersey()::register);
    PlanService planService = new PlanService(scheduler, loop);
    environment.jersey().register(new PlanResource(planService));
    environment.healthChecks().register("plan", new PlanHealthCheck(planService));

    Map<String, CuratorFramework> clients = new LinkedHashMap<>();
    clients.put("state", stateZk);
    clients.put("Kafka", kafkaZk);
    environment.healthChecks().register("mesos", new MesosHealthCheck(driver, clock));
    environment.healthChecks().register("zookeeper", new ZooKeeperHealthCheck(clients,
        Map.of("state", settings.zookeeperConnect(), "Kafka", settings.kafkaZookeeperChroot())));
    environment.healthChecks().register("brokers", new BrokersHealthCheck(scheduler, registry));

    registerTopicApi(environment, settings.kafkaZookeeperChroot(), bootstrapServers());
    registerObservability(environment, scheduler, kafkaZk, clock);
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 8: statsd metrics, cluster gauges, the partitions health check, the event log and the
  // status page (packages observability, health and web).
  // ---------------------------------------------------------------------------------------------
  private void registerObservability(Environment environment, BrokerScheduler scheduler,
      CuratorFramework kafkaZk, Clock clock) {
    ObservabilitySettings observability = ObservabilitySettings.parse(System.getenv());
    ClusterWatch cluster = new ClusterWatch(
        new ZooKeeperClusterReader(kafkaZk, environment.getObjectMapper(), clock), clock,
        ClusterWatch.DEFAULT_MAX_AGE);
    ClusterMetrics.register(environment.metrics(), cluster);
    environment.healthChecks().register("partitions", new PartitionsHealthCheck(cluster));
    EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY);
    environment.lifecycle().manage(
        new EventRecorder(scheduler::view, events, clock, Duration.ofSeconds(1)));
    observability.statsd().ifPresent(statsd -> environment.lifecycle().manage(
        StatsdReporter.managed(environment.metrics(), statsd, settings.frameworkName())));
    environment.jersey().register(new StatusResource(settings.frameworkName(), scheduler::view,
        cluster, events, environment.healthChecks(), clock));
  }

  // ---------------------------------------------------------------------------------------------
  // Topic API (package io.kafkamesos.scheduler.topic, owned by the topic service's engineer).
  // It gets Kafka's ZooKeeper with the cluster's chroot and the registered brokers' bootstrap list.
  // ---------------------------------------------------------------------------------------------
  private void registerTopicApi(Environment environment, String kafkaZookeeper,
      Supplier<String> bootstrapServers) {
    TopicService topics = new TopicService(kafkaZookeeper, bootstrapServers);
    environment.jersey().register(new TopicResource(topics));
    environment.jersey().register(new TopicExceptionMapper());
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() {
        topics.close();
      }
    });
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
   * registered). Valid once {@link #run} has wired the application.
   */
  public Supplier<String> bootstrapServers() {
    return () -> {
      BrokerService brokers = brokerService;
      return brokers == null ? "" : brokers.bootstrapServers();
    };
  }
}
