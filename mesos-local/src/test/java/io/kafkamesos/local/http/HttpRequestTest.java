package io.kafkamesos.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  private static HttpRequest read(String raw, ByteArrayOutputStream out) throws IOException {
    return HttpRequest.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)),
        out).orElseThrow();
  }

  @Test
  void readsHeadersCaseInsensitivelyAndTheBody() throws IOException {
    HttpRequest r = read("POST /api/v1/scheduler?x=1 HTTP/1.1\r\ncontent-type: application/json"
        + "\r\nContent-Length: 2\r\n\r\n{}", new ByteArrayOutputStream());
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v1/scheduler");
    assertThat(r.query()).isEqualTo("x=1");
    assertThat(r.header("Content-Type")).contains("application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void readsChunkedBodiesAndAnswersExpectContinue() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpRequest r = read("POST / HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked"
        + "\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", out);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
    assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100 Continue");
  }

  @Test
  void endsQuietlyBetweenRequestsAndRefusesGarbage() throws IOException {
    assertThat(HttpRequest.read(new ByteArrayInputStream(new byte[0]),
        new ByteArrayOutputStream())).isEmpty();
    assertThatThrownBy(() -> read("garbage\r\n\r\n", new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class);
  }
}
