package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns options into the scheduler's Marathon app, as {@code dcos package install} does: the
 * schema's defaults, then the site's defaults, then the user's options (objects merged key by key);
 * the result is checked against {@code config.json} and a few rules that span fields; then
 * {@code marathon.json.mustache} is rendered with the options, the package's name and version, the
 * artifact URIs of {@code resource.json} resolved against a base, and {@code overrides-env} (one
 * {@code KAFKA_OVERRIDE_<NAME>} entry per broker property override).
 *
 * <p>Pure: no I/O beyond the package already loaded; the same inputs give the same app.
 */
public final class PackageRenderer {

    /** The rendered package. */
    public record Rendered(JsonNode options, ObjectNode app, JsonNode resource) {

        public Rendered {
            requireNonNull(options, "options");
            requireNonNull(app, "app");
            requireNonNull(resource, "resource");
        }

        /** The Marathon app id, which is the framework name. */
        public String appId() {
            return MarathonClient.normalizeId(app.path("id").asText());
        }

        public String frameworkName() {
            return options.path("kafka").path("framework-name").asText();
        }
    }

    static final String OVERRIDE_PREFIX = "KAFKA_OVERRIDE_";
    /** Broker properties the executor derives per broker; the scheduler refuses overrides of them. */
    static final Set<String> MANAGED_PROPERTIES = Set.of("broker.id", "zookeeper.connect", "listeners",
            "advertised.listeners", "port", "host.name", "advertised.host.name", "advertised.port", "log.dirs",
            "log.dir", "process.roles", "node.id", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "controller.listener.names", "metadata.log.dir");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UniversePackage pkg;
    private final OptionsSchema schema;
    private final Mustache template;

    public PackageRenderer(UniversePackage pkg) {
        this.pkg = requireNonNull(pkg, "pkg");
        this.schema = new OptionsSchema(pkg.config());
        this.template = compile(pkg.marathonTemplate(), UniversePackage.MARATHON_TEMPLATE);
    }

    /**
     * The complete options: defaults filled in and checked.
     *
     * @param siteDefaults options that replace the schema's defaults on this cluster (may be {@code {}})
     * @param userOptions the user's options file (may be {@code {}})
     * @throws PackageException naming every field that breaks a rule
     */
    public JsonNode options(JsonNode siteDefaults, JsonNode userOptions) {
        JsonNode merged = schema.withDefaults(merge(siteDefaults, userOptions));
        List<String> problems = new ArrayList<>(schema.validate(merged));
        if (problems.isEmpty()) {
            problems.addAll(crossFieldProblems(merged.path("kafka")));
        }
        if (!problems.isEmpty()) {
            throw new PackageException("invalid options for package " + pkg.name() + ":", problems);
        }
        return merged;
    }

    /**
     * Renders the Marathon app.
     *
     * @param resourceBase what relative URIs in {@code resource.json} are resolved against
     * @throws PackageException when the options are invalid
     */
    public Rendered render(JsonNode siteDefaults, JsonNode userOptions, URI resourceBase) {
        JsonNode options = options(siteDefaults, userOptions);
        JsonNode resource = resolveResources(pkg.resource(), resourceBase);
        Map<String, Object> scope = scope(options, resource);
        String text = execute(template, scope);
        JsonNode app;
        try {
            app = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(UniversePackage.MARATHON_TEMPLATE + " rendered invalid JSON ("
                    + e.getOriginalMessage() + "):\n" + text, e);
        }
        if (!app.isObject() || !app.path("id").isTextual()) {
            throw new IllegalStateException(UniversePackage.MARATHON_TEMPLATE + " must render an object with an id");
        }
        return new Rendered(options, (ObjectNode) app, resource);
    }

    /** A note of {@code package.json} ({@code postInstallNotes}, ...) rendered with the options, or "". */
    public String note(String key, JsonNode options) {
        String text = pkg.packageJson().path(key).asText("");
        if (text.isEmpty()) {
            return "";
        }
        return execute(compile(text, key), scope(options, pkg.resource()));
    }

    /** {@code num.partitions} becomes {@code KAFKA_OVERRIDE_NUM_PARTITIONS}, which the scheduler reads back. */
    static String overrideVariable(String property) {
        return OVERRIDE_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Objects are merged key by key, {@code over} winning; anything else in {@code over} replaces. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (base == null || base.isMissingNode()) {
            return over == null ? JsonNodeFactory.instance.objectNode() : over.deepCopy();
        }
        if (over == null || over.isMissingNode()) {
            return base.deepCopy();
        }
        if (!base.isObject() || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode result = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
        }
        return result;
    }

    private static List<String> crossFieldProblems(JsonNode kafka) {
        List<String> problems = new ArrayList<>();
        int heap = kafka.path("broker-heap-mb").asInt();
        int mem = kafka.path("broker-mem").asInt();
        if (heap >= mem) {
            problems.add("kafka.broker-heap-mb: must be smaller than kafka.broker-mem (" + mem
                    + "), which also holds the JVM's own memory, not " + heap);
        }
        int controllerHeap = kafka.path("controller-heap-mb").asInt();
        int controllerMem = kafka.path("controller-mem").asInt();
        if (kafka.has("controller-heap-mb") && controllerHeap >= controllerMem) {
            problems.add("kafka.controller-heap-mb: must be smaller than kafka.controller-mem ("
                    + controllerMem + "), which also holds the JVM's own memory, not " + controllerHeap);
        }
        int controllers = kafka.path("controller-count").asInt(3);
        if (controllers % 2 == 0) {
            problems.add("kafka.controller-count: must be odd (1, 3, 5, 7 or 9), not " + controllers
                    + ": a quorum of " + controllers + " needs " + (controllers / 2 + 1) + " up and"
                    + " survives no more failures than one of " + (controllers - 1));
        }
        kafka.path("overrides").fieldNames().forEachRemaining(property -> {
            if (MANAGED_PROPERTIES.contains(property)) {
                problems.add("kafka.overrides." + property + ": is set by the scheduler for each broker and "
                        + "cannot be overridden");
            }
        });
        return problems;
    }

    private static JsonNode resolveResources(JsonNode resource, URI base) {
        ObjectNode resolved = resource.deepCopy();
        URI directory = base.toString().endsWith("/") ? base : URI.create(base + "/");
        for (String section : List.of("assets", "cli")) {
            if (resolved.has(section)) {
                resolved.set(section, resolveStrings(resolved.get(section), directory));
            }
        }
        return resolved;
    }

    private static JsonNode resolveStrings(JsonNode node, URI base) {
        if (node.isTextual()) {
            URI uri = base.resolve(node.textValue());
            // URI.resolve writes file:/x; Mesos' fetcher and Marathon expect file:///x.
            String text = "file".equals(uri.getScheme()) && uri.getRawAuthority() == null
                    ? "file://" + uri.getRawPath() : uri.toString();
            return JsonNodeFactory.instance.textNode(text);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), resolveStrings(f.getValue(), base)));
            return copy;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> scope(JsonNode options, JsonNode resource) {
        Map<String, Object> scope = new LinkedHashMap<>(JSON.convertValue(options, Map.class));
        scope.put("resource", JSON.convertValue(resource, Map.class));
        scope.put("package", Map.of("name", pkg.name(), "version", pkg.version()));
        List<Map<String, String>> overrides = new ArrayList<>();
        options.path("kafka").path("overrides").fields().forEachRemaining(f ->
                overrides.add(Map.of("name", overrideVariable(f.getKey()), "value", f.getValue().asText())));
        scope.put("overrides-env", overrides);
        return scope;
    }

    private static String execute(Mustache mustache, Object scope) {
        StringWriter out = new StringWriter();
        mustache.execute(out, scope);
        return out.toString();
    }

    private static Mustache compile(String text, String name) {
        return new JsonEscapingFactory().compile(new StringReader(text), name);
    }

    /** {@code {{value}}} lands inside JSON strings, so it is escaped for JSON rather than for HTML. */
    private static final class JsonEscapingFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(JsonStringEncoder.getInstance().quoteAsString(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
