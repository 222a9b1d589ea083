package io.kafkamesos.scheduler.observability;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A UDP server on a free loopback port that keeps every datagram it receives, as text. */
final class UdpListener implements AutoCloseable {
  private final DatagramSocket socket;
  private final List<String> received = new CopyOnWriteArrayList<>();

  UdpListener() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread reader = new Thread(this::read, "udp-listener");
    reader.setDaemon(true);
    reader.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Every line of every datagram so far. */
  List<String> lines() {
    return received.stream().flatMap(d -> d.lines()).toList();
  }

  /** Waits until some line matches; answers it. */
  String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        if (matcher.test(line)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line matched within " + timeout + "; received: " + received);
  }

  private void read() {
    byte[] buffer = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
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
