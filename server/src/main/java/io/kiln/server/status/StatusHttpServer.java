package io.kiln.server.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's status port on the JDK's {@code com.sun.net.httpserver}: {@code GET /metrics} writes
 * the registry in the Prometheus text format (or OpenMetrics, if the scraper's {@code Accept}
 * header asks for it), {@code GET /status} the JSON its supplier builds. {@code HEAD} answers the
 * same headers without a body; other methods get 405 with an {@code Allow} header, other paths
 * 404.
 *
 * <pre>{@code
 * try (StatusHttpServer s = StatusHttpServer.start("127.0.0.1", 0, registry, () -> "{}")) {
 *   int port = s.port();
 * }
 * }</pre>
 */
public final class StatusHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusHttpServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusRegistry registry;
  private final Supplier<String> status;
  private final ExpositionFormats formats = ExpositionFormats.init();

  private StatusHttpServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry,
      Supplier<String> status) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
    this.status = status;
  }

  /**
   * Binds {@code host:port} (0: a free port) and serves.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static StatusHttpServer start(String host, int port, PrometheusRegistry registry, Supplier<String> status) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(status, "status");
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("the status server cannot listen on " + host + ":" + port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "status-http");
      t.setDaemon(true);
      return t;
    });
    StatusHttpServer s = new StatusHttpServer(http, executor, registry, status);
    http.createContext("/", s::handle);
    http.setExecutor(executor);
    http.start();
    LOG.info("status server at {}", s.address());
    return s;
  }

  /** The bound port (the chosen one when started with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code host:port} as bound. */
  public String address() {
    return server.getAddress().getHostString() + ":" + port();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!path.equals("/metrics") && !path.equals("/status")) {
        respond(ex, 404, TEXT, "not found: " + path + " (try /metrics or /status)\n", head);
        return;
      }
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(ex, 405, TEXT, "method " + method + " not allowed on " + path + "\n", false);
        return;
      }
      if (path.equals("/metrics")) {
        ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, registry.scrape());
        respond(ex, 200, writer.getContentType(), body.toByteArray(), head);
      } else {
        respond(ex, 200, JSON, status.get() + "\n", head);
      }
    } catch (RuntimeException e) {
      LOG.warn("status request {} failed", ex.getRequestURI(), e);
      respond(ex, 500, TEXT, "internal error: " + e.getMessage() + "\n", false);
    }
  }

  private static void respond(HttpExchange ex, int code, String type, String body, boolean head) throws IOException {
    respond(ex, code, type, body.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void respond(HttpExchange ex, int code, String type, byte[] body, boolean head) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
