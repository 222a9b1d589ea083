package io.kafkamesos.local.http;

import java.io.IOException;

/**
 * Serves the requests of one path prefix of an {@link HttpServer}. It must answer each exchange,
 * at once ({@link HttpExchange#reply}) or as a stream ({@link HttpExchange#startStream}); it may
 * block its thread for as long as a stream lasts.
 */
@FunctionalInterface
public interface HttpHandler {

  void handle(HttpExchange exchange) throws IOException;
}
