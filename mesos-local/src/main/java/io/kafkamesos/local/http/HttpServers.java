package io.kafkamesos.local.http;

import java.io.IOException;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Jetty threads, timer and buffers that every {@link HttpServer} of one mesos-local shares
 * (the master's and every agent's), so that a hundred agents do not make a hundred thread pools.
 * Event streams hold a thread each for their life, hence the generous maximum.
 */
public final class HttpServers implements AutoCloseable {

  private static final int MAX_THREADS = 2000;

  private final QueuedThreadPool threads;
  private final Scheduler scheduler;
  private final ByteBufferPool buffers = new ArrayByteBufferPool();

  private HttpServers(String name) {
    this.threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
    threads.setName(name + "-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    this.scheduler = new ScheduledExecutorScheduler(name + "-http-timer", true);
  }

  public static HttpServers start(String name) {
    HttpServers servers = new HttpServers(name);
    try {
      servers.threads.start();
      servers.scheduler.start();
    } catch (Exception e) {
      servers.close();
      throw new IllegalStateException("cannot start the HTTP threads: " + e.getMessage(), e);
    }
    return servers;
  }

  /** A server bound to the address now (port 0: a free port), serving after its start(). */
  public HttpServer bind(String host, int port) throws IOException {
    Server server = new Server(threads, scheduler, buffers);
    // shared: a server's stop must leave them running for the others
    server.unmanage(threads);
    server.unmanage(scheduler);
    server.unmanage(buffers);
    HttpServer http = new HttpServer(server, host, port);
    http.bind();
    return http;
  }

  @Override
  public void close() {
    try {
      threads.stop();
    } catch (Exception e) {
      // stopping only
    }
    try {
      scheduler.stop();
    } catch (Exception e) {
      // stopping only
    }
  }
}
