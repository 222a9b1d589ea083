package io.kafkamesos.commons.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Malformed variants of real requests, as scripts and scanners send them: a trailing slash or an
 * empty segment where an id belongs, encoded newlines, {@code %2500}, {@code ..%2F}, {@code //},
 * dot segments, bad percent-encoding, made-up methods, a URI or header too large, a broken request
 * line or header, a bad {@code Content-Type}, conflicting lengths. None of them is a valid call of
 * the API: each must be refused with an error, and none may change anything.
 */
public final class MalformedRequests {

  /** One request to send: what it tries, and its bytes. */
  public record Probe(String description, byte[] bytes) {
    @Override
    public String toString() {
      return description;
    }
  }

  /**
   * An endpoint as it is really called, e.g. {@code PUT /v1/brokers/0}.
   *
   * @param negotiated whether it answers only the media types it produces (a JAX-RS resource:
   *     {@code Accept: application/xml} is a 406), unlike the admin port's plain servlets
   */
  public record Endpoint(String method, String path, boolean negotiated) {
    public Endpoint(String method, String path) {
      this(method, path, true);
    }
  }

  /** Every endpoint of the scheduler's API as scripts call it (the seed's, plan, reservations). */
  public static final List<Endpoint> SCHEDULER_API = List.of(
      new Endpoint("GET", "/v1/connection"),
      new Endpoint("GET", "/v1/brokers"),
      new Endpoint("PUT", "/v1/brokers"),
      new Endpoint("GET", "/v1/brokers/0"),
      new Endpoint("PUT", "/v1/brokers/0"),
      new Endpoint("DELETE", "/v1/brokers/0"),
      new Endpoint("PUT", "/v1/brokers/0/replace"),
      new Endpoint("GET", "/v1/plan"),
      new Endpoint("PUT", "/v1/plan/interrupt"),
      new Endpoint("GET", "/v1/reservations"),
      new Endpoint("DELETE", "/v1/reservations/r1"),
      new Endpoint("GET", "/v1/topics"),
      new Endpoint("POST", "/v1/topics"),
      new Endpoint("GET", "/v1/topics/t1"),
      new Endpoint("GET", "/v1/topics/t1/offsets"),
      new Endpoint("PUT", "/v1/topics/t1"),
      new Endpoint("DELETE", "/v1/topics/t1"),
      new Endpoint("GET", "/v1/topics/under_replicated_partitions"),
      new Endpoint("GET", "/v1/status"));
  /** The scheduler's admin port. */
  public static final List<Endpoint> SCHEDULER_ADMIN = List.of(
      new Endpoint("GET", "/healthcheck", false),
      new Endpoint("GET", "/metrics", false),
      new Endpoint("POST", "/tasks/gc", false));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String hostHeader;

  /** @param hostHeader the {@code Host} header value, e.g. {@code 127.0.0.1:8080} */
  public MalformedRequests(String hostHeader) {
    this.hostHeader = hostHeader;
  }

  /**
   * Sends every probe of the endpoints to the server and answers, for each answer that is not a
   * JSON error, the probe and what is wrong with the answer.
   */
  public static List<String> failures(RawHttp http, String hostHeader, List<Endpoint> endpoints) {
    List<String> bad = new ArrayList<>();
    for (Probe probe : new MalformedRequests(hostHeader).of(endpoints)) {
      RawHttp.Answer answer = http.send(probe.bytes());
      problem(answer).ifPresent(p -> bad.add(probe + " -> " + p));
    }
    return bad;
  }

  /**
   * What is wrong with an answer to a malformed request, if anything: it must be a 4xx or 5xx with
   * a JSON body {@code {"code": <status>, "message": "..."}} and no stack trace.
   */
  public static Optional<String> problem(RawHttp.Answer answer) {
    String shown = answer.status() + " " + answer.contentType() + " "
        + (answer.body().length() > 200 ? answer.body().substring(0, 200) : answer.body());
    if (answer.status() < 400 || answer.status() > 599) {
      return Optional.of("not an error: " + shown);
    }
    if (!answer.contentType().startsWith("application/json")) {
      return Optional.of("not JSON: " + shown);
    }
    try {
      JsonNode body = JSON.readTree(answer.body());
      if (body == null || body.path("message").asText().isBlank()
          || body.path("code").asInt() != answer.status()) {
        return Optional.of("no code and message: " + shown);
      }
    } catch (IOException e) {
      return Optional.of("unreadable JSON: " + shown);
    }
    if (answer.body().contains("\tat ") || answer.body().contains("Exception")) {
      return Optional.of("a stack trace: " + shown);
    }
    return Optional.empty();
  }

  /** Every variant of every endpoint, then the request-level ones once per endpoint path. */
  public List<Probe> of(List<Endpoint> endpoints) {
    List<Probe> probes = new ArrayList<>();
    for (Endpoint e : endpoints) {
      probes.addAll(pathVariants(e));
      probes.addAll(requestVariants(e));
    }
    return probes;
  }

  /** The path mangled: none of these names a resource of the API. */
  List<Probe> pathVariants(Endpoint e) {
    String m = e.method();
    String p = e.path();
    int lastSlash = p.lastIndexOf('/');
    String parent = p.substring(0, lastSlash);
    String last = p.substring(lastSlash + 1);
    List<Probe> out = new ArrayList<>();
    out.add(line(m, p + "/", "trailing slash"));
    out.add(line(m, parent + "//" + last, "empty segment before the last"));
    out.add(line(m, "/" + p, "leading empty segment"));
    out.add(line(m, p + "//", "two trailing slashes"));
    out.add(line(m, p + "%0A", "encoded newline"));
    out.add(line(m, p + "%0D%0AX-Injected:%201", "encoded CRLF and a header"));
    out.add(line(m, p + "/%2500", "%2500 (an encoded %)"));
    out.add(line(m, p + "%25", "encoded %"));
    out.add(line(m, parent + "/..%2F" + last, "..%2F"));
    out.add(line(m, p + "%2F", "encoded slash"));
    out.add(line(m, p + "/..", "dot-dot segment"));
    out.add(line(m, p + "/.", "dot segment"));
    out.add(line(m, p + "/%2e%2e", "encoded dot-dot segment"));
    out.add(line(m, p + "%", "truncated percent-encoding"));
    out.add(line(m, p + "%ZZ", "bad percent-encoding"));
    out.add(line(m, p + "%C0%AE", "overlong UTF-8"));
    out.add(line(m, p + "%00", "encoded NUL"));
    return out;
  }

  /** The request line or headers broken, on the endpoint's own path. */
  List<Probe> requestVariants(Endpoint e) {
    String m = e.method();
    String p = e.path();
    List<Probe> out = new ArrayList<>();
    out.add(line("FOO", p, "made-up method"));
    out.add(line("TRACE", p, "TRACE"));
    out.add(line(m.toLowerCase(java.util.Locale.ROOT), p, "lower-case method"));
    out.add(raw(m + " " + p + " x HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n",
        m + " " + p + ": a space in the target"));
    out.add(raw(m + " " + p + "\u0001 HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n",
        m + " " + p + ": a control character in the target"));
    out.add(raw(m + " " + p + " HTTP/1.9\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n",
        m + " " + p + ": HTTP/1.9"));
    out.add(raw(m + " " + p + " HTTP/1.1\r\nConnection: close\r\n\r\n", m + " " + p + ": no Host"));
    out.add(line(m, p + "?" + "q=" + "x".repeat(20_000), "a URI of 20 kB"));
    out.add(line(m, p, "a header of 40 kB", "X-Big: " + "y".repeat(40_000)));
    if (e.negotiated()) {
      out.add(line(m, p, "accepting only XML (the API answers JSON)", "Accept: application/xml"));
    }
    out.add(line(m, p, "a header line without a colon", "NoColonHere"));
    out.add(line(m, p, "a bad header name", "Bad Name: 1"));
    out.add(line(m, p, "two different Content-Lengths", "Content-Length: 1", "Content-Length: 2"));
    out.add(line(m, p, "a negative Content-Length", "Content-Length: -5"));
    out.add(raw(m + " " + p + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n",
        m + " " + p + ": a broken chunk"));
    out.add(raw(m + " " + p + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nContent-Type: ;;;\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx",
        m + " " + p + ": Content-Type ;;;"));
    return out;
  }

  private Probe line(String method, String target, String what, String... headers) {
    StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader).append("\r\n");
    for (String h : headers) {
      out.append(h).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    String shown = target.length() > 80 ? target.substring(0, 80) + "..." : target;
    return new Probe(method + " " + shown + ": " + what,
        out.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Probe raw(String request, String what) {
    return new Probe(what, request.getBytes(StandardCharsets.ISO_8859_1));
  }
}
