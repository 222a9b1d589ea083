package io.kafkamesos.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;

/**
 * Names the required fields a JSON message lacks, as protobuf's InitializationErrorString does
 * ({@code subscribe.framework_info.user}), for Mesos' "Missing required fields" message.
 */
final class RequiredFields {

  private RequiredFields() {
  }

  static void missing(JsonNode node, Descriptor type, String prefix, List<String> out) {
    if (node == null || !node.isObject()) {
      return;
    }
    for (FieldDescriptor field : type.getFields()) {
      JsonNode value = node.has(field.getName()) ? node.get(field.getName())
          : node.get(field.getJsonName());
      if (value == null || value.isNull()) {
        if (field.isRequired()) {
          out.add(prefix + field.getName());
        }
        continue;
      }
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isRepeated() && value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          missing(value.get(i), field.getMessageType(),
              prefix + field.getName() + "[" + i + "].", out);
        }
      } else if (!field.isMapField()) {
        missing(value, field.getMessageType(), prefix + field.getName() + ".", out);
      }
    }
  }
}
