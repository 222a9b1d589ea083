package io.kafkamesos.commons.observability;

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
 * that stay below a common network MTU. UDP: a server that is down loses the values, nothing blocks.
 */
public final class StatsdSender implements AutoCloseable {

  /** Below 1500 minus IP and UDP headers, so a datagram is never fragmented. */
  static final int MAX_PACKET = 1400;

  private final String host;
  private final int port;
  private final DatagramSocket socket;

  public StatsdSender(String host, int port) throws IOException {
    // resolved on each round: a statsd host that does not resolve yet must not stop a broker's launch
    this.host = host;
    this.port = port;
    this.socket = new DatagramSocket();
  }

  /** Sends each gauge; the names are used as they are. */
  public void gauges(Map<String, Double> gauges) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    for (String packet : packets(gauges)) {
      byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(bytes, bytes.length, address, port));
    }
  }

  /** The datagrams' text: lines {@code name:value|g}, as many per datagram as fit. */
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

  /** Whole numbers without a fraction; others with at most three decimals; never exponents. */
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
