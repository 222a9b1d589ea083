package io.kafkamesos.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Mesos' JSON for a message, as stout writes it: the proto3 JSON mapping (field names, enum
 * names, base64 bytes) except that 64-bit integers are numbers, not strings.
 */
public final class MesosJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MesosJson() {
  }

  public static byte[] encode(Message message) {
    try {
      return JSON.writeValueAsBytes(tree(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(Message message) {
    try {
      JsonNode node = JSON.readTree(ContentType.JSON.encode(message));
      numbers(node, message.getDescriptorForType());
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void numbers(JsonNode node, Descriptor type) {
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      FieldDescriptor field = type.findFieldByName(entry.getKey());
      if (field == null || field.isMapField()) {
        continue;
      }
      JsonNode value = entry.getValue();
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (value instanceof ArrayNode array) {
          array.forEach(v -> numbers(v, field.getMessageType()));
        } else {
          numbers(value, field.getMessageType());
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.LONG) {
        if (value instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            array.set(i, number(array.get(i)));
          }
        } else {
          entry.setValue(number(value));
        }
      }
    }
  }

  private static JsonNode number(JsonNode value) {
    if (!value.isTextual()) {
      return value;
    }
    BigInteger n = new BigInteger(value.asText());
    return n.bitLength() < 64 ? JSON.getNodeFactory().numberNode(n.longValue())
        : JSON.getNodeFactory().numberNode(n);
  }
}
