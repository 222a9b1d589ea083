package io.kafkamesos.commons.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The two bodies the Mesos v1 HTTP APIs speak: protobuf, and Mesos' JSON encoding of the same
 * messages (proto field names, enums as their names).
 */
public enum ContentType {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  /** The media type of a RecordIO stream's Content-Type header: its records are the message type. */
  public static final String RECORDIO = "application/recordio";
  /** The header that names the type of the records of a RecordIO stream. */
  public static final String MESSAGE_ACCEPT = "Message-Accept";
  public static final String MESSAGE_CONTENT_TYPE = "Message-Content-Type";

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String mediaType;

  ContentType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The content type a header value names, ignoring parameters such as {@code charset}. */
  public static Optional<ContentType> fromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.mediaType.equals(type)).findFirst();
  }

  public byte[] encode(Message message) {
    if (this == PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot print " + message.getDescriptorForType().getName(), e);
    }
  }

  /**
   * Parses a body into the builder's message type.
   *
   * @throws InvalidProtocolBufferException when the body is not a valid message of that type
   */
  @SuppressWarnings("unchecked")
  public <M extends Message> M decode(byte[] body, Message.Builder builder)
      throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      builder.mergeFrom(body);
    } else {
      PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
    }
    // partial: Mesos validates required fields itself and answers with its own message
    return (M) builder.buildPartial();
  }
}
