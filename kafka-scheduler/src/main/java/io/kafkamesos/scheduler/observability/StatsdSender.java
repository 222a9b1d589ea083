package io.kafkamesos.scheduler.observability;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends gauges to a statsd server over UDP, {@code name:value|g} one per line, packed into datagrams
 * below a common MTU. UDP: when the server is down the values are lost and nothing blocks.
 */
public final class StatsdSender implements AutoCloseable {

  static final int MAX_PACKET = 1400;

  private final String host;
  private final int port;
  private final DatagramSocket socket;

  public StatsdSender(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.socket = new DatagramSocket();
  }

  /** Sends each gauge; the names are used as they are. */
  public void gauges(Map<String, Double> gauges) throws IOException {
    // resolved on each round: the statsd host's address may change while the scheduler runs
    InetAddress address = InetAddress.getByName(host);
    for (String packet : packets(gauges)) {
      byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(bytes, bytes.length, address, port));
    }
  }

  static List<String> packets(Map<String, Double> gauges) {
    List<String> packets = new ArrayList<>();
    StringBuilder packet = new StringBuilder();
    for (Map.Entry<String, Double> e : gauges.entrySet()) {
      String line = e.getKey() + ":" + format(e.getValue()) + "|g";
      if (packet.length() > 0 && packet.length() + 1 + line.length() > MAX_PACKET) {
        packets.add(packet.toString());
        packet.setLength(0);
      }
      packet.append(packet.length() == 0 ? "" : "\n").append(line);
    }
    if (packet.length() > 0) {
      packets.add(packet.toString());
    }
    return packets;
  }

  /** Whole numbers without a fraction, others with three decimals; never exponents. */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "0";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  @Override
  public void close() {
    socket.close();
  }
}
