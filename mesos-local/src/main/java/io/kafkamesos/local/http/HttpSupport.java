package io.kafkamesos.local.http;

import io.kafkamesos.commons.mesos.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Small HTTP helpers: plain-text answers as Mesos gives them, media types. */
public final class HttpSupport {

  private HttpSupport() {
  }

  /** Answers with a plain-text body, as Mesos' endpoints do for errors; empty body when null. */
  public static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    exchange.reply(status, text == null ? Map.of()
        : Map.of("Content-Type", "text/plain; charset=utf-8"), body);
  }

  public static void replyJson(HttpExchange exchange, int status, byte[] json) throws IOException {
    exchange.reply(status, Map.of("Content-Type", "application/json"), json);
  }

  /** 405 the Mesos way: with an Allow header. */
  public static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
    byte[] body = ("Expecting one of { '" + allowed + "' }, but received '"
        + exchange.method() + "'").getBytes(StandardCharsets.UTF_8);
    exchange.reply(405, Map.of("Allow", allowed, "Content-Type", "text/plain; charset=utf-8"),
        body);
  }

  /**
   * The response type for a streaming answer: JSON when the Accept header allows it (no header
   * allows everything), else protobuf, else none (Mesos answers 406).
   */
  public static Optional<ContentType> acceptType(HttpExchange exchange) {
    String accept = exchange.header("Accept");
    if (accept == null || accept.isBlank()) {
      return Optional.of(ContentType.JSON);
    }
    if (accepts(accept, ContentType.JSON.mediaType())) {
      return Optional.of(ContentType.JSON);
    }
    if (accepts(accept, ContentType.PROTOBUF.mediaType())) {
      return Optional.of(ContentType.PROTOBUF);
    }
    return Optional.empty();
  }

  /**
   * For a client that accepts {@code application/recordio} (the operator API's convention):
   * the record type from {@code Message-Accept} (JSON if absent or allowing it). Mesos' scheduler
   * and executor endpoints answer in the Accept type itself; this is an extension.
   */
  public static Optional<ContentType> recordioType(HttpExchange exchange) {
    String accept = exchange.header("Accept");
    if (accept == null || !accepts(accept, ContentType.RECORDIO)
        || accepts(accept, ContentType.JSON.mediaType())
        || accepts(accept, ContentType.PROTOBUF.mediaType())) {
      return Optional.empty();
    }
    String messageAccept = exchange.header(ContentType.MESSAGE_ACCEPT);
    if (messageAccept == null || accepts(messageAccept, ContentType.JSON.mediaType())) {
      return Optional.of(ContentType.JSON);
    }
    return accepts(messageAccept, ContentType.PROTOBUF.mediaType())
        ? Optional.of(ContentType.PROTOBUF) : Optional.empty();
  }

  static boolean accepts(String header, String mediaType) {
    String type = mediaType.substring(0, mediaType.indexOf('/'));
    for (String part : header.split(",")) {
      String[] params = part.trim().split(";");
      String range = params[0].trim().toLowerCase(Locale.ROOT);
      double q = 1.0;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q <= 0) {
        continue;
      }
      if (range.equals(mediaType) || (!mediaType.equals(ContentType.RECORDIO)
          && (range.equals("*/*") || range.equals(type + "/*")))) {
        return true;
      }
    }
    return false;
  }

  /** The exact media type of the Content-Type header (Mesos compares it without parameters). */
  public static Optional<String> contentType(HttpExchange exchange) {
    return Optional.ofNullable(exchange.header("Content-Type"));
  }
}
