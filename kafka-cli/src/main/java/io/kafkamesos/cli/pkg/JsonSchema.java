package io.kafkamesos.cli.pkg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of JSON Schema (draft 4 keywords) that a Universe {@code config.json} uses: {@code type},
 * {@code properties}, {@code additionalProperties} (boolean or schema), {@code propertyNames}
 * ({@code pattern}), {@code required}, {@code enum}, {@code minimum}, {@code maximum},
 * {@code minLength}, {@code maxLength}, {@code pattern} and {@code default}. A schema that uses any
 * other keyword is refused when it is loaded, so a keyword can never be silently ignored.
 *
 * <p>Pure: {@link #withDefaults} and {@link #validate} only read the schema and the instance.
 * Each problem names the field by its dotted path ({@code kafka.broker-count}) and the rule.
 */
public final class JsonSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "additionalProperties",
            "propertyNames", "required", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern",
            "default");
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "description", "title", "examples");

    private final JsonNode schema;

    /**
     * @throws IllegalArgumentException when the schema uses a keyword this class does not check
     */
    public JsonSchema(JsonNode schema) {
        this.schema = requireNonNull(schema, "schema");
        checkKeywords(schema, "(root)");
    }

    /**
     * A copy of {@code instance} with the schema's defaults filled in wherever the instance has no
     * value: a missing object without a default becomes {@code {}} with its own defaults, so
     * {@code {}} turns into the complete default options.
     */
    public JsonNode withDefaults(JsonNode instance) {
        return fill(schema, instance == null ? null : instance.deepCopy());
    }

    /** Every rule the instance breaks, one line each; empty when it is valid. */
    public List<String> validate(JsonNode instance) {
        List<String> problems = new ArrayList<>();
        check(schema, instance, "", problems);
        return problems;
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

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        String where = path.isEmpty() ? "options" : path;
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            problems.add(where + ": must be " + article(schema.get("type").asText()) + ", not " + describe(value));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(where + ": must be one of " + schema.get("enum") + ", not " + value);
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                problems.add(where + ": must be at least " + schema.get("minimum") + ", not " + value);
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                problems.add(where + ": must be at most " + schema.get("maximum") + ", not " + value);
            }
        }
        if (value.isTextual()) {
            checkText(schema, value.textValue(), where, problems);
        }
        if (value.isObject()) {
            checkObject(schema, value, path, problems);
        }
    }

    private static void checkText(JsonNode schema, String text, String where, List<String> problems) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").intValue()) {
            problems.add(where + ": must have at least " + schema.get("minLength") + " character(s)");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").intValue()) {
            problems.add(where + ": must have at most " + schema.get("maxLength") + " characters");
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            problems.add(where + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(join(path, required.asText()) + ": is required");
            }
        }
        Pattern names = schema.has("propertyNames") && schema.get("propertyNames").has("pattern")
                ? Pattern.compile(schema.get("propertyNames").get("pattern").asText())
                : null;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String fieldPath = join(path, name);
            if (names != null && !names.matcher(name).find()) {
                problems.add(fieldPath + ": the name \"" + name + "\" does not match " + names.pattern());
                continue;
            }
            if (properties.has(name)) {
                check(properties.get(name), field.getValue(), fieldPath, problems);
                continue;
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional == null || additional.isBoolean() && additional.booleanValue()) {
                continue;
            }
            if (additional.isBoolean()) {
                problems.add(fieldPath + ": unknown option; known options of " + (path.isEmpty() ? "the file" : path)
                        + ": " + String.join(", ", fieldNames(properties)));
            } else {
                check(additional, field.getValue(), fieldPath, problems);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "number" -> value.isNumber();
            // As JSON Schema: 3.0 is an integer, 3.5 is not.
            case "integer" -> value.isIntegralNumber()
                    || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode value) {
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

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void checkKeywords(JsonNode schema, String path) {
        if (!schema.isObject()) {
            throw new IllegalArgumentException("schema at " + path + " is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String keyword = entry.getKey();
            if (!KEYWORDS.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalArgumentException("schema at " + path + " uses \"" + keyword
                        + "\", which this validator does not check");
            }
            if (keyword.equals("properties")) {
                entry.getValue().fields().forEachRemaining(p -> checkKeywords(p.getValue(), join(path, p.getKey())));
            } else if (keyword.equals("additionalProperties") && entry.getValue().isObject()
                    || keyword.equals("propertyNames")) {
                checkKeywords(entry.getValue(), path + "." + keyword);
            }
        }
    }
}
