package io.kafkamesos.local.http;

import com.google.protobuf.Message;
import io.kafkamesos.commons.mesos.ContentType;
import io.kafkamesos.commons.mesos.RecordIO;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's RecordIO event stream. The event loop {@link #send}s without blocking; the HTTP
 * handler thread that answered the SUBSCRIBE {@link #pump}s the queue into the chunked response
 * until the stream is closed or the peer goes away (noticed at once, not at the next write), then
 * reports the end once.
 */
public final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final byte[] CLOSE = new byte[0];
  private static final byte[] PEER_GONE = new byte[0];

  private final ContentType contentType;
  private final boolean recordio;
  private final String name;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  /**
   * @param recordio answer with {@code Content-Type: application/recordio} and the record type
   *     in {@code Message-Content-Type}, for clients that asked for that
   */
  public EventStream(ContentType contentType, boolean recordio, String name) {
    this.contentType = Objects.requireNonNull(contentType);
    this.recordio = recordio;
    this.name = Objects.requireNonNull(name);
  }

  public boolean isClosed() {
    return closed;
  }

  public void send(Message event) {
    if (!closed) {
      byte[] body = contentType == ContentType.JSON ? MesosJson.encode(event)
          : contentType.encode(event);
      queue.add(RecordIO.encode(body));
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
    Map<String, String> headers = new LinkedHashMap<>();
    if (recordio) {
      headers.put("Content-Type", ContentType.RECORDIO);
      headers.put(ContentType.MESSAGE_CONTENT_TYPE, contentType.mediaType());
    } else {
      headers.put("Content-Type", contentType.mediaType());
    }
    if (streamId != null) {
      headers.put("Mesos-Stream-Id", streamId);
    }
    boolean byClose = false;
    try {
      exchange.startStream(headers);
      exchange.watchPeerClose(() -> queue.add(PEER_GONE));
      while (true) {
        byte[] record = queue.take();
        if (record == CLOSE) {
          byClose = true;
          exchange.end();
          break;
        }
        if (record == PEER_GONE) {
          LOG.info("{} stream closed by the client", name);
          break;
        }
        exchange.write(record);
      }
    } catch (IOException e) {
      LOG.info("{} stream ended: {}", name, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      if (!byClose) {
        onEnd.accept(this);
      }
    }
  }

}
