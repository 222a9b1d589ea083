package io.kafkamesos.commons.message;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One message between an executor and its scheduler, carried in the {@code data} of a Mesos
 * message: the executor's v1 {@code MESSAGE} call (the scheduler receives a {@code MESSAGE}
 * event) and the scheduler's v1 {@code MESSAGE} call (the executor receives a {@code MESSAGE}
 * event). Mesos delivers these best effort: a message may be lost and is never resent by Mesos,
 * so every exchange built on it repeats its request until it sees the answer.
 *
 * <p>The bytes are {@link Properties} text (UTF-8), like the broker task's own data: a
 * {@code type} key naming the message and its version ({@code name/version}, e.g.
 * {@code broker-metrics/1}, {@code certificate-request/1}), and flat string fields. A reader
 * dispatches on {@link #type()} and ignores types it does not know, so that an older scheduler
 * and a newer executor (or the reverse) can share a cluster during an upgrade.
 *
 * @param type the message's kind and version: lower-case letters, digits and dashes, a slash, a number
 * @param fields the message's content; no field may be called {@code type}
 */
public record Envelope(String type, Map<String, String> fields) {

  /** Mesos carries larger data, but nothing we send comes near this; more is a mistake or abuse. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final String TYPE = "type";
  private static final Pattern TYPE_SYNTAX = Pattern.compile("[a-z][a-z0-9-]*/[0-9]+");

  public Envelope {
    Objects.requireNonNull(type);
    if (!TYPE_SYNTAX.matcher(type).matches()) {
      throw new IllegalArgumentException("message type '" + type + "' is not name/version");
    }
    if (fields.containsKey(TYPE)) {
      throw new IllegalArgumentException("a message field may not be called 'type'");
    }
    fields.forEach((k, v) -> Objects.requireNonNull(v, () -> "message field '" + k + "' is null"));
    fields = Map.copyOf(new TreeMap<>(fields));
  }

  /** A field the message must have. */
  public String required(String field) {
    String value = fields.get(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(type + " message lacks '" + field + "'");
    }
    return value;
  }

  /** The message as Mesos' {@code data}. */
  public byte[] encode() {
    Properties p = new Properties();
    p.setProperty(TYPE, type);
    fields.forEach(p::setProperty);
    byte[] bytes = PropertiesData.encode(p);
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(type + " message of " + bytes.length
          + " bytes is larger than " + MAX_BYTES);
    }
    return bytes;
  }

  /**
   * Reads a message's data.
   *
   * @return empty when the data is not an envelope (too large, not properties text, no or a
   *     malformed {@code type}): a receiver drops such data and logs its size, never its content
   */
  public static Optional<Envelope> decode(byte[] data) {
    if (data.length > MAX_BYTES) {
      return Optional.empty();
    }
    Properties p;
    try {
      p = PropertiesData.decode(data);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String type = p.getProperty(TYPE);
    if (type == null || !TYPE_SYNTAX.matcher(type).matches()) {
      return Optional.empty();
    }
    Map<String, String> fields = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.equals(TYPE)) {
        fields.put(key, p.getProperty(key));
      }
    }
    return Optional.of(new Envelope(type, fields));
  }

  /** For logs: the type and the field names, never a value (values may be secrets). */
  @Override
  public String toString() {
    return "Envelope[" + type + " " + fields.keySet() + "]";
  }
}
