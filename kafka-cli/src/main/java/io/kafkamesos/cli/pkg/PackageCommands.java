package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.pkg.MarathonClient.MarathonException;
import io.kafkamesos.cli.progress.BrokerWatch;
import io.kafkamesos.cli.progress.Pacing;
import io.kafkamesos.cli.progress.ProgressOutput;
import io.kafkamesos.cli.progress.Sleeper;
import io.kafkamesos.cli.progress.Source;
import io.kafkamesos.cli.support.DurationConverter;
import io.kafkamesos.cli.support.JsonHttp;
import io.kafkamesos.cli.support.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dcos package install|uninstall|describe|list}: renders the package with the user's options
 * and manages its Marathon app. Everything that can be checked is checked before Marathon is asked
 * to do anything, so a refused install starts nothing. An install then waits for the cluster's
 * brokers, printing each as it comes up and why one waits ({@code --no-wait} returns at once).
 */
@Command(name = "package", description = "Installs, describes and removes the kafka package (a Marathon app per cluster).")
final class PackageCommands implements Callable<Integer> {

    static final String PACKAGE_LABEL = "DCOS_PACKAGE_NAME";
    static final String FRAMEWORK_LABEL = "DCOS_PACKAGE_FRAMEWORK_NAME";

    private final Locations locations;
    private final JsonHttp http;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;

    PackageCommands(Locations locations, JsonHttp http, PrintStream out, PrintStream err, Clock clock,
            Sleeper sleeper) {
        this.locations = requireNonNull(locations, "locations");
        this.http = requireNonNull(http, "http");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    @Override
    public Integer call() {
        throw new UsageException("missing package command: install, uninstall, describe or list");
    }

    @Command(name = "install", description = {"Creates the cluster's Marathon app from the package and the options, "
            + "then waits for its brokers, printing each as it comes up and why one waits.",
            "Refused, before anything starts, for bad options (each named by its field) or a name already installed."})
    int install(@Parameters(paramLabel = "<package>", description = "kafka") String name,
            @Option(names = "--options", paramLabel = "FILE", description = "the options file (JSON)") Path options,
            @Option(names = "--yes", arity = "0", description = "no questions (none are asked)") boolean yes,
            @Option(names = "--app", arity = "0", description = "the Marathon app only (the CLI is this command)")
            boolean app,
            @Option(names = "--cli", arity = "0", description = "the CLI only: nothing to install") boolean cli,
            @Option(names = "--no-wait", arity = "0", description = "return once Marathon has the app") boolean noWait,
            @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                    converter = DurationConverter.class, description = "how long to wait for the brokers "
                    + "(default ${DEFAULT-VALUE}; exit 1 after it, the install goes on)") Duration timeout) {
        UniversePackage pkg = loadPackage(name);
        if (cli) {
            out.println("The " + pkg.name() + " CLI is this command (bin/dcos " + pkg.name() + " ...); nothing to install.");
            return PackageCli.OK;
        }
        Path dir = locations.packageDir();
        PackageRenderer renderer = new PackageRenderer(pkg);
        PackageRenderer.Rendered rendered = renderer.render(siteDefaults(), userOptions(Optional.ofNullable(options)),
                locations.resourceBase(dir));
        checkArtifacts(rendered.resource());
        MarathonClient marathon = new MarathonClient(http, locations.marathonUrl());
        String id = rendered.appId();
        if (marathon.app(id).isPresent()) {
            throw alreadyInstalled(id);
        }
        out.println("Installing Marathon app for package [" + pkg.name() + "] version [" + pkg.version() + "]");
        JsonNode created;
        try {
            created = marathon.create(rendered.app());
        } catch (MarathonException e) {
            if (e.status() == 409) {
                throw alreadyInstalled(id);
            }
            throw e;
        }
        out.println("Created Marathon app /" + id + " (framework " + rendered.frameworkName() + ", "
                + rendered.options().path("kafka").path("broker-count").asInt() + " broker(s)) at "
                + marathon.baseUrl() + "/v2/apps/" + id
                + created.path("deployments").path(0).path("id").asText("").transform(d -> d.isEmpty() ? "" : ", deployment " + d));
        String notes = renderer.note("postInstallNotes", rendered.options());
        if (!notes.isEmpty()) {
            out.println(notes);
        }
        return noWait ? PackageCli.OK : awaitBrokers(marathon, id, rendered.frameworkName(), timeout);
    }

    private int awaitBrokers(MarathonClient marathon, String appId, String framework, Duration timeout) {
        String dcos;
        try {
            dcos = locations.dcosUrl();
        } catch (PackageException e) {
            // Marathon came from MARATHON_URL: without DCOS_URI there is no /service proxy to watch through
            out.println("Not waiting for the brokers: " + e.getMessage());
            return PackageCli.OK;
        }
        URI status = URI.create(dcos + "/service/" + URLEncoder.encode(framework, StandardCharsets.UTF_8)
                + "/v1/status");
        out.println("Waiting up to " + timeout.toMinutes() + " min for the brokers of " + framework
                + " (--no-wait does not wait) ...");
        return new BrokerWatch(framework, Source.get(http, status), () -> lastTaskFailure(marathon, appId),
                ProgressOutput.of(out, false, 100),
                new Pacing(clock, sleeper, Duration.ofSeconds(2), Optional.of(timeout))).run();
    }

    // Why the scheduler does not answer, when Marathon knows (its task failed), as Marathon says it.
    private static Optional<String> lastTaskFailure(MarathonClient marathon, String appId) {
        try {
            return marathon.app(appId).map(app -> app.path("lastTaskFailure"))
                    .filter(failure -> failure.isObject())
                    .map(failure -> "its task " + failure.path("taskId").asText("") + " "
                            + failure.path("state").asText("failed") + ": " + failure.path("message").asText(""));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Command(name = "uninstall", description = "Removes a cluster's Marathon app and tears down its Mesos framework; "
            + "its ZooKeeper node stays.")
    int uninstall(@Parameters(paramLabel = "<package>", description = "kafka") String name,
            @Option(names = "--app-id", paramLabel = "NAME", description = "the cluster to remove") String appIdOption,
            @Option(names = "--all", arity = "0", description = "every installed cluster") boolean all,
            @Option(names = "--yes", arity = "0", description = "no questions (none are asked)") boolean yes) {
        UniversePackage pkg = loadPackage(name);
        MarathonClient marathon = new MarathonClient(http, locations.marathonUrl());
        List<JsonNode> targets = new ArrayList<>();
        Optional<String> appId = Optional.ofNullable(appIdOption).map(MarathonClient::normalizeId);
        if (appId.isPresent()) {
            JsonNode app = marathon.app(appId.get()).orElseThrow(() -> new PackageException(
                    "no cluster named " + appId.get() + " is installed (Marathon has no app /" + appId.get() + ")"));
            if (!pkg.name().equals(app.path("labels").path(PACKAGE_LABEL).asText())) {
                throw new PackageException("Marathon app /" + appId.get() + " is not an installation of package "
                        + pkg.name() + "; remove it with: dcos marathon app remove " + appId.get());
            }
            targets.add(app);
        } else {
            List<JsonNode> installed = installed(marathon, pkg);
            if (installed.isEmpty()) {
                throw new PackageException("package " + pkg.name() + " is not installed");
            }
            if (installed.size() > 1 && !all) {
                throw new PackageException("several " + pkg.name() + " clusters are installed (" + ids(installed)
                        + "): choose one with --app-id=NAME, or remove them all with --all");
            }
            targets.addAll(installed);
        }
        MesosMasterClient mesos = new MesosMasterClient(http, locations.mesosUrls());
        for (JsonNode app : targets) {
            uninstallOne(pkg, marathon, mesos, app);
        }
        return PackageCli.OK;
    }

    private void uninstallOne(UniversePackage pkg, MarathonClient marathon, MesosMasterClient mesos, JsonNode app) {
        String id = MarathonClient.normalizeId(app.path("id").asText());
        marathon.delete(id, false);
        out.println("Uninstalled package [" + pkg.name() + "] version [" + app.path("labels").path("DCOS_PACKAGE_VERSION")
                .asText(pkg.version()) + "]: removed Marathon app /" + id);
        String framework = app.path("labels").path(FRAMEWORK_LABEL).asText(id);
        MesosMasterClient.Teardown teardown = mesos.teardown(framework);
        if (teardown.problem().isPresent()) {
            err.println("Warning: could not tear down Mesos framework " + framework + " (" + teardown.problem().get()
                    + "); its brokers keep running until the framework's failover timeout ends");
        } else if (teardown.frameworkIds().isEmpty()) {
            out.println("No Mesos framework named " + framework + " is registered; nothing to tear down.");
        } else {
            out.println("Tore down Mesos framework " + framework + " (" + String.join(", ", teardown.frameworkIds())
                    + "): its brokers are stopping.");
        }
        String zk = app.path("env").path("ZK_CONNECT").asText("");
        out.println("The instance will still be present in ZooKeeper at /" + framework + ". To completely clear "
                + "the configuration, remove that node"
                + (zk.isEmpty() ? "" : ", e.g.: zkCli.sh -server " + zk + " deleteall /" + framework) + ".");
    }

    @Command(name = "describe", description = "The package (package.json), or its options schema (--config), its "
            + "Marathon template (--app), the app it renders (--render, with --options) or its versions.")
    int describe(@Parameters(paramLabel = "<package>", description = "kafka") String name,
            @Option(names = "--config", arity = "0", description = "the options, their defaults and rules") boolean config,
            @Option(names = "--app", arity = "0", description = "marathon.json.mustache") boolean app,
            @Option(names = "--render", arity = "0", description = "the Marathon app the options make") boolean render,
            @Option(names = "--options", paramLabel = "FILE", description = "the options file to render") Path options,
            @Option(names = "--package-versions", arity = "0", description = "the package's versions") boolean versions) {
        UniversePackage pkg = loadPackage(name);
        if (config) {
            out.print(pkg.configText().endsWith("\n") ? pkg.configText() : pkg.configText() + "\n");
            return PackageCli.OK;
        }
        if (render || options != null) {
            PackageRenderer.Rendered rendered = new PackageRenderer(pkg).render(siteDefaults(),
                    userOptions(Optional.ofNullable(options)),
                    locations.resourceBase(locations.packageDir()));
            out.println(PackageCli.pretty(rendered.app()));
            return PackageCli.OK;
        }
        if (app) {
            out.print(pkg.marathonTemplate());
            return PackageCli.OK;
        }
        if (versions) {
            out.println(PackageCli.pretty(JsonHttp.JSON.createArrayNode().add(pkg.version())));
            return PackageCli.OK;
        }
        out.println(PackageCli.pretty(pkg.packageJson()));
        return PackageCli.OK;
    }

    @Command(name = "list", description = "The installed clusters of the package.")
    int list(@Parameters(arity = "0..1", paramLabel = "<package>", description = "kafka") String name) {
        UniversePackage pkg = UniversePackage.load(locations.packageDir());
        MarathonClient marathon = new MarathonClient(http, locations.marathonUrl());
        List<JsonNode> installed = installed(marathon, pkg);
        out.printf("%-8s %-16s %-24s%n", "NAME", "VERSION", "APP");
        for (JsonNode app : installed) {
            out.printf("%-8s %-16s %-24s%n", pkg.name(), app.path("labels").path("DCOS_PACKAGE_VERSION").asText("-"),
                    "/" + MarathonClient.normalizeId(app.path("id").asText()));
        }
        return PackageCli.OK;
    }

    private UniversePackage loadPackage(String name) {
        UniversePackage pkg = UniversePackage.load(locations.packageDir());
        if (!pkg.name().equals(name)) {
            throw new PackageException("package \"" + name + "\" is not in this repository; it has: " + pkg.name());
        }
        return pkg;
    }

    private static List<JsonNode> installed(MarathonClient marathon, UniversePackage pkg) {
        List<JsonNode> apps = new ArrayList<>();
        for (JsonNode app : marathon.apps()) {
            if (pkg.name().equals(app.path("labels").path(PACKAGE_LABEL).asText())) {
                apps.add(app);
            }
        }
        return apps;
    }

    private static String ids(List<JsonNode> apps) {
        List<String> ids = new ArrayList<>();
        apps.forEach(app -> ids.add(MarathonClient.normalizeId(app.path("id").asText())));
        return String.join(", ", ids);
    }

    private static PackageException alreadyInstalled(String id) {
        return new PackageException("a cluster named " + id + " is already installed (Marathon app /" + id
                + "); choose another kafka.framework-name in the options file, or uninstall it first: "
                + "dcos package uninstall --app-id=" + id + " kafka");
    }

    private JsonNode userOptions(Optional<Path> file) {
        return file.map(path -> readJsonObject(path, "options file"))
                .orElseGet(JsonHttp.JSON::createObjectNode);
    }

    private JsonNode siteDefaults() {
        return locations.siteDefaults().map(file -> readJsonObject(file, "site defaults file"))
                .orElseGet(JsonHttp.JSON::createObjectNode);
    }

    static JsonNode readJsonObject(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PackageException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new PackageException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        JsonNode json;
        try {
            json = JsonHttp.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PackageException(what + " " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new PackageException(what + " " + file + " must hold a JSON object, e.g. {\"kafka\": {\"broker-count\": 3}}");
        }
        return json;
    }

    // Catches an unbuilt tree before Marathon launches a scheduler that could never fetch its jar.
    private static void checkArtifacts(JsonNode resource) {
        List<String> missing = new ArrayList<>();
        resource.path("assets").path("uris").fields().forEachRemaining(entry -> {
            URI uri = URI.create(entry.getValue().asText());
            if ("file".equals(uri.getScheme()) && !Files.exists(Path.of(uri))) {
                String build = resource.path("notes").path("built-by").path(entry.getKey()).asText("");
                missing.add(entry.getKey() + ": " + uri + (build.isEmpty() ? "" : " (build it: " + build + ")"));
            }
        });
        if (!missing.isEmpty()) {
            throw new PackageException("the package's artifacts are missing; nothing was installed:", missing);
        }
    }
}
