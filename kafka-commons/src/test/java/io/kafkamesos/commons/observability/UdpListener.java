package io.kafkamesos.commons.observability;

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

/**
 * A UDP server on a free loopback port that keeps every datagram it receives, as text: the syslog or
 * statsd server of tests.
 */
public final class UdpListener implements AutoCloseable {
  private final DatagramSocket socket;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Thread reader;

  public UdpListener() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    reader = new Thread(this::read, "udp-listener");
    reader.setDaemon(true);
    reader.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  public List<String> received() {
    return List.copyOf(received);
  }

  /** Every line of every datagram so far (statsd packs several metrics into one datagram). */
  public List<String> lines() {
    return received.stream().flatMap(String::lines).toList();
  }

  /** Waits until some line matches; answers it. */
  public String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
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

  /** Waits until some datagram matches; answers it. */
  public String await(Predicate<String> matcher, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String datagram : received) {
        if (matcher.test(datagram)) {
          return datagram;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no datagram matched within " + timeout + "; received: " + received);
  }

  private void read() {
    byte[] buffer = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
      } catch (SocketException e) {
        return; // closed
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
