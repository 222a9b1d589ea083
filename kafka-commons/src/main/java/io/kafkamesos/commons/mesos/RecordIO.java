package io.kafkamesos.commons.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Mesos' RecordIO framing of event streams: each record is its length in bytes as ASCII decimal, a
 * newline, then the record itself ({@code "5\nhello"}).
 */
public final class RecordIO {

  /** Records above this size are refused as corrupt rather than allocated. */
  static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

  private RecordIO() {
  }

  /** Frames one record. */
  public static byte[] encode(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[header.length + record.length];
    System.arraycopy(header, 0, framed, 0, header.length);
    System.arraycopy(record, 0, framed, header.length, record.length);
    return framed;
  }

  /** Reads records from a stream, one at a time; not thread-safe. */
  public static final class Reader {
    private final InputStream in;

    public Reader(InputStream in) {
      this.in = Objects.requireNonNull(in);
    }

    /**
     * The next record, or empty when the stream ended cleanly between records.
     *
     * @throws IOException when the stream breaks inside a record or the framing is malformed
     */
    public Optional<byte[]> next() throws IOException {
      long length = 0;
      int digits = 0;
      while (true) {
        int b = in.read();
        if (b == -1) {
          if (digits == 0) {
            return Optional.empty();
          }
          throw new EOFException("stream ended inside a RecordIO length");
        }
        if (b == '\n') {
          break;
        }
        if (b < '0' || b > '9') {
          throw new IOException("malformed RecordIO length: unexpected byte " + b);
        }
        length = length * 10 + (b - '0');
        digits++;
        if (length > MAX_RECORD_BYTES) {
          throw new IOException("RecordIO record larger than " + MAX_RECORD_BYTES + " bytes");
        }
      }
      if (digits == 0) {
        throw new IOException("malformed RecordIO length: empty");
      }
      byte[] record = in.readNBytes((int) length);
      if (record.length != length) {
        throw new EOFException("stream ended inside a RecordIO record of " + length + " bytes");
      }
      return Optional.of(record);
    }
  }
}
