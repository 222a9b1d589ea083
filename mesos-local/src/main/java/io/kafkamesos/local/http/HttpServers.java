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
  /**
   * Threads each agent may hold for good: its server's selector, and the stream of each executor
   * subscribed to it (one broker per agent, and one more to spare).
   */
  private static final int THREADS_PER_AGENT = 3;

  private final QueuedThreadPool threads;
  private final Scheduler scheduler;
  private final ByteBufferPool buffers = new ArrayByteBufferPool();

  private HttpServers(String name, int maxThreads) {
    this.threads = new QueuedThreadPool(maxThreads, 4, 60_000);
    threads.setName(name + "-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    this.scheduler = new ScheduledExecutorScheduler(name + "-http-timer", true);
  }

  public static HttpServers start(String name) {
    return start(name, MAX_THREADS);
  }

  /**
   * Threads enough for the master's streams and requests beside this many agents: with a thousand
   * agents, their selectors and executors' streams alone would hold all of {@value #MAX_THREADS}
   * and leave the executors' calls waiting for a thread that never comes.
   */
  public static HttpServers forAgents(String name, int agents) {
    return start(name, Math.max(MAX_THREADS, MAX_THREADS / 4 + THREADS_PER_AGENT * agents));
  }

  /** Shared threads (at most {@code maxThreads}), timer and buffers, started. */
  public static HttpServers start(String name, int maxThreads) {
    HttpServers servers = new HttpServers(name, maxThreads);
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
