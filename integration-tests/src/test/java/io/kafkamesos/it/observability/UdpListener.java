package io.kafkamesos.it.observability;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP server on a free loopback port that keeps what it receives, line by line: a syslog server
 * (one message per datagram) or a statsd server (lines of {@code name:value|type}).
 */
final class UdpListener implements AutoCloseable {
  private final DatagramSocket socket;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  UdpListener() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setReceiveBufferSize(1 << 20);
    Thread reader = new Thread(this::read, "udp-listener-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  private void read() {
    byte[] buffer = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).lines()
            .forEach(lines::add);
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
