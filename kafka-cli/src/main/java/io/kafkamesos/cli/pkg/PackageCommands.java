package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkamesos.cli.pkg.CommandLine.UsageError;
import io.kafkamesos.cli.pkg.MarathonClient.MarathonException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dcos package install|uninstall|describe|list}: renders the package with the user's options
 * and manages its Marathon app. Everything that can be checked is checked before Marathon is asked
 * to do anything, so a refused install starts nothing.
 */
final class PackageCommands {

    static final String PACKAGE_LABEL = "DCOS_PACKAGE_NAME";
    static final String FRAMEWORK_LABEL = "DCOS_PACKAGE_FRAMEWORK_NAME";

    private final Locations locations;
    private final JsonHttp http;
    private final PrintStream out;
    private final PrintStream err;

    PackageCommands(Locations locations, JsonHttp http, PrintStream out, PrintStream err) {
        this.locations = requireNonNull(locations, "locations");
        this.http = requireNonNull(http, "http");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    int run(CommandLine line) {
        List<String> words = line.positionals();
        String command = words.isEmpty() ? "" : words.get(0);
        return switch (command) {
            case "install" -> install(line.allow("package install", Set.of("options", "yes", "app", "cli")));
            case "uninstall" -> uninstall(line.allow("package uninstall", Set.of("app-id", "all", "yes")));
            case "describe" -> describe(line.allow("package describe",
                    Set.of("config", "app", "render", "options", "package-versions")));
            case "list" -> list(line.allow("package list", Set.of()));
            default -> throw new UsageError(command.isEmpty() ? "missing package command"
                    : "unknown package command \"" + command + "\"; use install, uninstall, describe or list");
        };
    }

    private int install(CommandLine line) {
        UniversePackage pkg = loadPackage(line);
        if (line.flag("cli")) {
            out.println("The " + pkg.name() + " CLI is this command (bin/dcos " + pkg.name() + " ...); nothing to install.");
            return PackageCli.OK;
        }
        Path dir = locations.packageDir();
        PackageRenderer renderer = new PackageRenderer(pkg);
        PackageRenderer.Rendered rendered = renderer.render(siteDefaults(), userOptions(line), locations.resourceBase(dir));
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
        return PackageCli.OK;
    }

    private int uninstall(CommandLine line) {
        UniversePackage pkg = loadPackage(line);
        MarathonClient marathon = new MarathonClient(http, locations.marathonUrl());
        List<JsonNode> targets = new ArrayList<>();
        Optional<String> appId = line.option("app-id").map(MarathonClient::normalizeId);
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
            if (installed.size() > 1 && !line.flag("all")) {
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

    private int describe(CommandLine line) {
        UniversePackage pkg = loadPackage(line);
        if (line.flag("config")) {
            out.print(pkg.configText().endsWith("\n") ? pkg.configText() : pkg.configText() + "\n");
            return PackageCli.OK;
        }
        if (line.flag("render") || line.option("options").isPresent()) {
            PackageRenderer.Rendered rendered = new PackageRenderer(pkg).render(siteDefaults(), userOptions(line),
                    locations.resourceBase(locations.packageDir()));
            out.println(PackageCli.pretty(rendered.app()));
            return PackageCli.OK;
        }
        if (line.flag("app")) {
            out.print(pkg.marathonTemplate());
            return PackageCli.OK;
        }
        if (line.flag("package-versions")) {
            out.println(PackageCli.pretty(JsonHttp.JSON.createArrayNode().add(pkg.version())));
            return PackageCli.OK;
        }
        out.println(PackageCli.pretty(pkg.packageJson()));
        return PackageCli.OK;
    }

    private int list(CommandLine line) {
        if (line.positionals().size() > 2) {
            throw new UsageError("usage: dcos package list [kafka]");
        }
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

    private UniversePackage loadPackage(CommandLine line) {
        List<String> words = line.positionals();
        if (words.size() != 2) {
            throw new UsageError("give the package name once: dcos package " + words.get(0) + " [options] kafka");
        }
        UniversePackage pkg = UniversePackage.load(locations.packageDir());
        if (!pkg.name().equals(words.get(1))) {
            throw new PackageException("package \"" + words.get(1) + "\" is not in this repository; it has: " + pkg.name());
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

    private JsonNode userOptions(CommandLine line) {
        return line.option("options").map(file -> readJsonObject(Path.of(file), "options file"))
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
