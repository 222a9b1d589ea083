package io.kafkamesos.commons.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordIOTest {

  @Test
  void framesARecordWithItsDecimalLength() {
    assertThat(new String(RecordIO.encode(bytes("hello")), StandardCharsets.US_ASCII))
        .isEqualTo("5\nhello");
    assertThat(new String(RecordIO.encode(new byte[0]), StandardCharsets.US_ASCII)).isEqualTo("0\n");
  }

  @Test
  void readsBackWhatItWrote() throws IOException {
    byte[] stream = encodeAll(List.of(bytes("a"), bytes(""), bytes("x".repeat(1234))));
    RecordIO.Reader reader = new RecordIO.Reader(new ByteArrayInputStream(stream));

    List<String> records = new ArrayList<>();
    Optional<byte[]> next;
    while ((next = reader.next()).isPresent()) {
      records.add(new String(next.get(), StandardCharsets.UTF_8));
    }

    assertThat(records).containsExactly("a", "", "x".repeat(1234));
  }

  @Test
  void readsRecordsThatArriveOneByteAtATime() throws IOException {
    byte[] stream = encodeAll(List.of(bytes("{\"type\":\"HEARTBEAT\"}")));
    RecordIO.Reader reader = new RecordIO.Reader(new TrickleStream(stream));

    assertThat(reader.next()).hasValueSatisfying(
        r -> assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"HEARTBEAT\"}"));
    assertThat(reader.next()).isEmpty();
  }

  @Test
  void refusesATruncatedRecord() {
    RecordIO.Reader reader = new RecordIO.Reader(new ByteArrayInputStream(bytes("10\nshort")));
    assertThatThrownBy(reader::next).isInstanceOf(EOFException.class).hasMessageContaining("10 bytes");
  }

  @Test
  void refusesAMalformedLength() {
    RecordIO.Reader reader = new RecordIO.Reader(new ByteArrayInputStream(bytes("1x\nab")));
    assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("malformed");
  }

  @Test
  void refusesAnAbsurdLengthInsteadOfAllocatingIt() {
    RecordIO.Reader reader = new RecordIO.Reader(new ByteArrayInputStream(bytes("99999999999\n")));
    assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("larger than");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Hands out one byte per read, as a slow network does. */
  private static final class TrickleStream extends ByteArrayInputStream {
    TrickleStream(byte[] buf) {
      super(buf);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(1, len));
    }
  }

  private static byte[] encodeAll(List<byte[]> records) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    records.forEach(r -> out.writeBytes(RecordIO.encode(r)));
    return out.toByteArray();
  }
}
