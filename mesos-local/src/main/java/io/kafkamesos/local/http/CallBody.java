package io.kafkamesos.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a request body into a call the way Mesos' HTTP endpoints do, with their error messages:
 * the Content-Type must be exactly JSON or protobuf; JSON must parse, then convert.
 *
 * @param <C> the call type
 */
public final class CallBody<C extends Message> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final C call;
  private final int status;
  private final String error;

  private CallBody(C call, int status, String error) {
    this.call = call;
    this.status = status;
    this.error = error;
  }

  public static <C extends Message> CallBody<C> parse(String contentType, byte[] body,
      Message.Builder builder) {
    if (contentType == null) {
      return failed(400, "Expecting 'Content-Type' to be present");
    }
    String type = contentType.trim();
    try {
      if (type.equals(ContentType.PROTOBUF.mediaType())) {
        try {
          C call = ContentType.PROTOBUF.decode(body, builder);
          if (!call.isInitialized()) {
            // C++ ParseFromString fails on missing required fields
            return failed(400, "Failed to parse body into Call protobuf");
          }
          return new CallBody<>(call, 0, null);
        } catch (InvalidProtocolBufferException e) {
          return failed(400, "Failed to parse body into Call protobuf");
        }
      }
      if (type.equals(ContentType.JSON.mediaType())) {
        JsonNode tree;
        try {
          tree = JSON.readTree(body);
          if (tree.isMissingNode()) {
            return failed(400, "Failed to parse body into JSON: the body is empty");
          }
        } catch (JsonProcessingException e) {
          return failed(400, "Failed to parse body into JSON: " + e.getOriginalMessage());
        }
        try {
          return new CallBody<>(ContentType.JSON.decode(body, builder), 0, null);
        } catch (InvalidProtocolBufferException e) {
          List<String> missing = new ArrayList<>();
          RequiredFields.missing(tree, builder.getDescriptorForType(), "", missing);
          return failed(400, "Failed to convert JSON into Call protobuf: " + (missing.isEmpty()
              ? e.getMessage() : "Missing required fields: " + String.join(", ", missing)));
        }
      }
    } catch (java.io.IOException e) {
      return failed(400, "Failed to parse body into JSON: " + e.getMessage());
    }
    return failed(415, "Expecting 'Content-Type' of " + ContentType.JSON.mediaType() + " or "
        + ContentType.PROTOBUF.mediaType());
  }

  private static <C extends Message> CallBody<C> failed(int status, String error) {
    return new CallBody<>(null, status, error);
  }

  public Optional<C> call() {
    return Optional.ofNullable(call);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
