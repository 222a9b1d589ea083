package io.kafkamesos.local.http;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.RecordIO;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's RecordIO event stream. The event loop {@link #send}s without blocking; the HTTP
 * handler thread that answered the SUBSCRIBE {@link #pump}s the queue into the chunked response
 * until the stream is closed or the peer goes away, then reports the end once.
 */
public final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final byte[] CLOSE = new byte[0];

  private final ContentType contentType;
  private final boolean recordio;
  private final String name;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  public EventStream(ContentType contentType, String name) {
    this(contentType, false, name);
  }

  /**
   * @param recordio answer with {@code Content-Type: application/recordio} and the record type
   *     in {@code Message-Content-Type}, for clients that asked for that
   */
  public EventStream(ContentType contentType, boolean recordio, String name) {
    this.contentType = Objects.requireNonNull(contentType);
    this.recordio = recordio;
    this.name = Objects.requireNonNull(name);
  }

  public ContentType contentType() {
    return contentType;
  }

  public boolean isClosed() {
    return closed;
  }

  public void send(Message event) {
    if (!closed) {
      queue.add(RecordIO.encode(contentType.encode(event)));
    }
  }

  /** Ends the stream after what was already sent. */
  public void close() {
    if (!closed) {
      closed = true;
      queue.add(CLOSE);
    }
  }

  /**
   * Writes the response head and then the events until closed; blocks the calling (HTTP) thread.
   *
   * @param onEnd called once when the stream ends for any reason but {@link #close()}
   */
  public void pump(HttpExchange exchange, String streamId, Consumer<EventStream> onEnd) {
    if (recordio) {
      exchange.getResponseHeaders().set("Content-Type", ContentType.RECORDIO);
      exchange.getResponseHeaders().set(ContentType.MESSAGE_CONTENT_TYPE,
          contentType.mediaType());
    } else {
      exchange.getResponseHeaders().set("Content-Type", contentType.mediaType());
    }
    if (streamId != null) {
      exchange.getResponseHeaders().set("Mesos-Stream-Id", streamId);
    }
    boolean byClose = false;
    try {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.flush();
      while (true) {
        byte[] record = queue.poll(1, TimeUnit.SECONDS);
        if (record == null) {
          continue;
        }
        if (record == CLOSE) {
          byClose = true;
          break;
        }
        out.write(record);
        out.flush();
      }
      out.close();
    } catch (IOException e) {
      LOG.info("{} stream ended: {}", name, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      exchange.close();
      if (!byClose) {
        onEnd.accept(this);
      }
    }
  }
}
