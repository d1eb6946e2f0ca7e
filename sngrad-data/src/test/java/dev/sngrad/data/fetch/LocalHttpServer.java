package dev.sngrad.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HttpServer on 127.0.0.1 with an ephemeral port, serving fixed byte arrays. */
final class LocalHttpServer implements AutoCloseable {
  /** How a path is served. */
  record Response(byte[] body, int bytesBeforeDrop, boolean stall) {
    static Response full(byte[] body) {
      return new Response(body, body.length, false);
    }

    /** Announces the full length, sends {@code bytes}, then drops the connection. */
    static Response droppedAfter(byte[] body, int bytes) {
      return new Response(body, bytes, false);
    }

    /** Announces the full length, sends {@code bytes}, then sends nothing until closed. */
    static Response stalledAfter(byte[] body, int bytes) {
      return new Response(body, bytes, true);
    }
  }

  private final HttpServer server;
  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  void serve(String path, Response response) {
    responses.put(path, response);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  int requestCount() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    Response response = responses.get(exchange.getRequestURI().getPath());
    if (response == null) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(200, response.body().length);
    OutputStream out = exchange.getResponseBody();
    out.write(response.body(), 0, response.bytesBeforeDrop());
    out.flush();
    if (response.stall()) {
      try {
        closing.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (response.bytesBeforeDrop() < response.body().length) {
      // HttpServer closes the connection when a handler throws: the body ends early.
      throw new IOException("test server: dropping the connection mid-body on purpose");
    }
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
