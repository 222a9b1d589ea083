package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of a package's options ({@code config.json}, draft 4), checked by networknt's
 * json-schema-validator: every keyword of draft 4, and a schema that uses any other keyword is
 * refused when it is loaded (so that no rule can be silently ignored).
 *
 * <p>Each problem names the field by its dotted path and says the rule in the CLI's words
 * ({@code kafka.broker-count: must be at least 1, not 0}); keywords without such words keep the
 * library's message. {@link #withDefaults} fills in the schema's defaults, which the validator
 * does not do for a missing object.
 */
public final class OptionsSchema {

    private static final Dialect DRAFT_4 = Dialect.builder(Dialects.getDraft4())
            .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
            .build();

    private final JsonNode schemaNode;
    private final Schema schema;

    /**
     * @throws IllegalArgumentException when the schema is not a valid draft 4 schema or uses a
     *     keyword that draft 4 does not have
     */
    public OptionsSchema(JsonNode schemaNode) {
        this.schemaNode = requireNonNull(schemaNode, "schemaNode");
        try {
            // lossless narrowing: 3.0 is an integer (draft 4 alone would say it is not), as users write it
            this.schema = SchemaRegistry.withDialect(DRAFT_4, registry -> registry.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().losslessNarrowing(true).build())).getSchema(schemaNode);
            this.schema.initializeValidators();
        } catch (SchemaException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the options schema is not a JSON Schema draft 4 this CLI can check: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A copy of {@code instance} with the schema's defaults filled in wherever the instance has no
     * value: a missing object without a default becomes {@code {}} with its own defaults, so
     * {@code {}} turns into the complete default options.
     */
    public JsonNode withDefaults(JsonNode instance) {
        return fill(schemaNode, instance == null ? null : instance.deepCopy());
    }

    /** Every rule the instance breaks, one line each, sorted by field; empty when it is valid. */
    public List<String> validate(JsonNode instance) {
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            problems.add(describe(error));
        }
        problems.sort(null);
        return problems;
    }

    private String describe(Error error) {
        String path = dotted(error.getInstanceLocation());
        JsonNode value = error.getInstanceNode();
        JsonNode rule = ruleOf(error);
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return switch (keyword) {
            case "type" -> where(path) + ": must be " + article(rule.asText()) + ", not " + describe(value);
            case "enum" -> where(path) + ": must be one of " + rule + ", not " + value;
            case "minimum" -> where(path) + ": must be at least " + rule + ", not " + value;
            case "maximum" -> where(path) + ": must be at most " + rule + ", not " + value;
            case "minLength" -> where(path) + ": must have at least " + rule + " character(s)";
            case "maxLength" -> where(path) + ": must have at most " + rule + " characters";
            case "pattern" -> where(path) + ": " + value + " does not match " + rule.asText();
            case "required" -> join(path, error.getProperty()) + ": is required";
            case "additionalProperties" -> unknown(path, error.getProperty(), parentOf(error));
            default -> where(path) + ": " + error.getMessage();
        };
    }

    private static String unknown(String path, String name, JsonNode objectSchema) {
        String field = join(path, name);
        JsonNode patterns = objectSchema.path("patternProperties");
        if (patterns.isObject() && !patterns.isEmpty()) {
            return field + ": the name \"" + name + "\" does not match " + String.join(" or ", names(patterns));
        }
        return field + ": unknown option; known options of " + (path.isEmpty() ? "the file" : path) + ": "
                + String.join(", ", names(objectSchema.path("properties")));
    }

    // The keyword's value in the schema, found from where the library says the rule is.
    private JsonNode ruleOf(Error error) {
        return schemaNode.at(pointer(error));
    }

    private JsonNode parentOf(Error error) {
        JsonPointer pointer = pointer(error);
        return schemaNode.at(pointer.head() == null ? JsonPointer.empty() : pointer.head());
    }

    private static JsonPointer pointer(Error error) {
        String fragment = error.getSchemaLocation().getFragment().toString();
        String text = fragment.startsWith("#") ? fragment.substring(1) : fragment;
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            return JsonPointer.empty();
        }
    }

    private static String dotted(NodePath location) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            names.add(location.getName(i));
        }
        return String.join(".", names);
    }

    private static String where(String path) {
        return path.isEmpty() ? "options" : path;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return "the string " + value;
        }
        if (value.isIntegralNumber()) {
            return "the integer " + value;
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.isBoolean()) {
            return "the boolean " + value;
        }
        return value.isObject() ? "an object" : value.isArray() ? "an array" : "null";
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static JsonNode fill(JsonNode schema, JsonNode value) {
        JsonNode result = value;
        if (result == null) {
            if (schema.has("default")) {
                return schema.get("default").deepCopy();
            }
            if (!"object".equals(schema.path("type").asText())) {
                return null;
            }
            result = JsonNodeFactory.instance.objectNode();
        }
        if (result.isObject() && schema.has("properties")) {
            ObjectNode object = (ObjectNode) result;
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode filled = fill(property.getValue(), object.get(property.getKey()));
                if (filled != null) {
                    object.set(property.getKey(), filled);
                }
            }
        }
        return result;
    }
}
