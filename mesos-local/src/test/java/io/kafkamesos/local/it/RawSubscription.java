package io.kafkamesos.local.it;

import io.kafkamesos.commons.mesos.RecordIO;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SUBSCRIBE made by hand, so that a test sees the response exactly: status, headers and the raw
 * RecordIO records, read on a thread of their own.
 */
public final class RawSubscription implements AutoCloseable {

  private static final byte[] END = new byte[0];

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<byte[]> records = new LinkedBlockingQueue<>();
  private volatile boolean ended;

  private RawSubscription(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread reader = new Thread(this::read, "raw-subscription");
      reader.setDaemon(true);
      reader.start();
    }
  }

  public static RawSubscription open(String masterUrl, byte[] body, Map<String, String> headers) {
    return new RawSubscription(new RawHttp(masterUrl).stream(body, headers));
  }

  /** A SUBSCRIBE to another endpoint than the master's scheduler API. */
  public static RawSubscription open(java.net.URI endpoint, byte[] body,
      Map<String, String> headers) {
    return new RawSubscription(new RawHttp(endpoint).stream(body, headers));
  }

  public int status() {
    return response.statusCode();
  }

  public Optional<String> header(String name) {
    return response.headers().firstValue(name);
  }

  /** The next record, or empty if none came within the timeout or the stream ended. */
  public Optional<byte[]> next(Duration timeout) {
    try {
      byte[] record = records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (record == null || record == END) {
        if (record == END) {
          records.add(END);
        }
        return Optional.empty();
      }
      return Optional.of(record);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether the master closed the stream. */
  public boolean ended() {
    return ended;
  }

  private void read() {
    try (InputStream in = response.body()) {
      RecordIO.Reader reader = new RecordIO.Reader(in);
      Optional<byte[]> record;
      while ((record = reader.next()).isPresent()) {
        records.add(record.get());
      }
    } catch (IOException e) {
      // the stream broke or was closed by us: either way it ended
    } finally {
      ended = true;
      records.add(END);
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // closing only to end the subscription
    }
  }
}
