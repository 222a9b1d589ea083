package io.kafkamesos.commons.message;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@link Properties} as the bytes of a Mesos {@code data} field (task data, messages): Java's
 * properties text in UTF-8, the form every payload between the scheduler and its executors takes.
 */
public final class PropertiesData {
  private PropertiesData() {
  }

  /** {@code p} as properties text in UTF-8. */
  public static byte[] encode(Properties p) {
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The properties of UTF-8 properties text.
   *
   * @throws IllegalArgumentException when the text is malformed (a bad {@code \\u} escape)
   */
  public static Properties decode(byte[] data) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(data, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return p;
  }
}
