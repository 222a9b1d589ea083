package io.kafkamesos.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Prints JSON the way the DC/OS CLI prints it (Python's {@code json.dumps(sort_keys=True,
 * indent=4)}): keys sorted, four-space indent, {@code "key": value}, non-ASCII escaped, empty
 * containers as {@code []} and {@code {}}. Scripts diff this output, so it is exact.
 * {@link #prettyInOrder} keeps the keys in the order the document has them (a Marathon app, a
 * package file), the rest alike.
 */
public final class JsonPrinter {

    private static final String INDENT = "    ";

    private JsonPrinter() {
    }

    /** Keys sorted, as the DC/OS CLI prints an API's answer. */
    public static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, true, out);
        return out.toString();
    }

    /** Keys in the document's order. */
    public static String prettyInOrder(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, false, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, boolean sorted, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                out.append("{}");
                return;
            }
            if (sorted) {
                Collections.sort(names);
            }
            out.append("{\n");
            for (int i = 0; i < names.size(); i++) {
                indent(depth + 1, out);
                string(names.get(i), out);
                out.append(": ");
                write(node.get(names.get(i)), depth + 1, sorted, out);
                out.append(i < names.size() - 1 ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            Iterator<JsonNode> elements = node.elements();
            while (elements.hasNext()) {
                indent(depth + 1, out);
                write(elements.next(), depth + 1, sorted, out);
                out.append(elements.hasNext() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            out.append(node.asText());
        }
    }

    private static void indent(int depth, StringBuilder out) {
        out.append(INDENT.repeat(depth));
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
