package org.blendstream.runtime.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's HTTP/1.1 transport, small on purpose so that every limit is its own: a bounded
 * pool of workers, one connection each; a request (line, headers and body) must arrive within
 * {@code readTimeout} of its first byte, however it trickles, or the connection is answered 408 and
 * closed; a body over {@code maxBodyBytes} is refused with 413 before it is read (by its
 * Content-Length) or as soon as it passes the limit (chunked), and never buffered past it; an idle
 * keep-alive connection gives its worker up when others wait. Every answer, errors of the transport
 * included (a malformed request line, malformed percent-encoding), is Confluent's error JSON, never
 * an HTML page.
 *
 * <p>Why not the JDK's {@code HttpServer}: it reads request headers on a worker with no time limit,
 * so a few clients sending a byte a second held every worker, and it answers a URI it cannot parse
 * with its own HTML 400.
 */
final class RegistryHttpServer implements AutoCloseable {

  /** A request as the routes see it: segments and query not yet decoded. */
  record Request(String method, String rawPath, String rawQuery, String body) {}

  /** An answer: the status and the JSON body (Confluent's error JSON for anything but 200). */
  record Answer(int status, String body) {}

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * How long an idle keep-alive connection may hold its worker while no other connection waits for
   * one.
   */
  private static final int IDLE_MS = 5_000;

  private static final int QUEUE = 64;

  private final ServerSocket socket;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private final long readTimeoutMs;
  private final int maxBodyBytes;
  private final Function<Request, Answer> handler;

  /**
   * Open connections, closed on {@link #close()} so that a worker blocked reading one ends at once.
   */
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  RegistryHttpServer(
      InetSocketAddress address,
      int workerCount,
      Duration readTimeout,
      int maxBodyBytes,
      Function<Request, Answer> handler)
      throws IOException {
    this.readTimeoutMs = readTimeout.toMillis();
    this.maxBodyBytes = maxBodyBytes;
    this.handler = handler;
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(address, 50);
    AtomicInteger threadNo = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "schema-registry-http-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::accept, "schema-registry-accept");
    acceptor.setDaemon(true);
  }

  void start() {
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing the registry's server socket", e);
    }
    workers.shutdownNow();
    for (Socket client : open) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.debug("closing a registry connection", e);
      }
    }
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("the schema registry stopped accepting connections", e);
        }
        return;
      }
      try {
        workers.execute(() -> serve(client));
      } catch (RejectedExecutionException e) {
        // A few hundred bytes fit any socket's send buffer: answering cannot block the acceptor.
        try (client) {
          write(
              client.getOutputStream(),
              error(503, 503, "Service Unavailable: every registry worker is busy; retry"),
              false,
              true);
        } catch (IOException ignored) {
          // the client is gone already
        }
      }
    }
  }

  private void serve(Socket client) {
    open.add(client);
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      boolean keepAlive = true;
      while (keepAlive && !closed) {
        int first = awaitNextRequest(client, in);
        if (first < 0) {
          return;
        }
        try {
          Parsed request =
              read(first, in, out, new Clock(client, System.currentTimeMillis() + readTimeoutMs));
          keepAlive = request.keepAlive;
          write(out, handler.apply(request.request), keepAlive, !request.head);
        } catch (Refused r) {
          refuse(client, out, r.answer);
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("a registry connection failed", e);
    } catch (RuntimeException e) {
      LOG.warn("the schema registry could not serve a connection", e);
    } finally {
      open.remove(client);
    }
  }

  /**
   * The first byte of the next request on a keep-alive connection, or -1 to close it: it went idle
   * for {@link #IDLE_MS}, or another connection waits for this worker.
   */
  private int awaitNextRequest(Socket client, InputStream in) throws IOException {
    long until = System.currentTimeMillis() + IDLE_MS;
    client.setSoTimeout(100);
    while (!closed) {
      try {
        return in.read();
      } catch (SocketTimeoutException e) {
        if (!workers.getQueue().isEmpty() || System.currentTimeMillis() > until) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * Answers, then reads (and drops) a little of what the client may still be sending, so that
   * closing with unread input does not reset the connection before the client read the answer;
   * never the whole of a huge body.
   */
  private static void refuse(Socket client, OutputStream out, Answer answer) throws IOException {
    write(out, answer, false, true);
    client.shutdownOutput();
    client.setSoTimeout(500);
    byte[] sink = new byte[8192];
    long left = 256 * 1024;
    try {
      for (int n = client.getInputStream().read(sink);
          n > 0 && left > 0;
          n = client.getInputStream().read(sink)) {
        left -= n;
      }
    } catch (IOException e) {
      // the client closed or went quiet: either way it has the answer
    }
  }

  private record Parsed(Request request, boolean keepAlive, boolean head) {}

  /** A request the transport answers itself, then closes the connection. */
  private static final class Refused extends Exception {
    final Answer answer;

    Refused(Answer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  private Parsed read(int first, InputStream in, OutputStream out, Clock clock)
      throws IOException, Refused {
    String requestLine = line(first, in, clock, new int[] {MAX_HEADER_BYTES});
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new Refused(error(400, 400, "Bad Request: malformed request line"));
    }
    int[] budget = {MAX_HEADER_BYTES - requestLine.length()};
    Map<String, String> headers = new HashMap<>();
    for (String header = line(-1, in, clock, budget);
        !header.isEmpty();
        header = line(-1, in, clock, budget)) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new Refused(error(400, 400, "Bad Request: malformed header"));
      }
      headers.merge(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim(),
          (a, b) -> a + "," + b);
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? null : target.substring(q + 1);
    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive =
        parts[2].equals("HTTP/1.1")
            ? !connection.contains("close")
            : connection.contains("keep-alive");
    boolean continueExpected = headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue");
    byte[] body;
    if (headers
        .getOrDefault("transfer-encoding", "")
        .toLowerCase(Locale.ROOT)
        .contains("chunked")) {
      continueIfAsked(out, continueExpected);
      body = chunked(in, clock);
    } else {
      long length;
      try {
        length = Long.parseLong(headers.getOrDefault("content-length", "0"));
      } catch (NumberFormatException e) {
        throw new Refused(error(400, 400, "Bad Request: malformed Content-Length"));
      }
      if (length > maxBodyBytes || length < 0) {
        throw new Refused(tooLarge());
      }
      continueIfAsked(out, continueExpected && length > 0);
      body = exactly(in, (int) length, clock);
    }
    return new Parsed(
        new Request(parts[0], rawPath, rawQuery, new String(body, StandardCharsets.UTF_8)),
        keepAlive,
        parts[0].equals("HEAD"));
  }

  private static void continueIfAsked(OutputStream out, boolean asked) throws IOException {
    if (asked) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  private Answer tooLarge() {
    return error(
        413, 413, "Request body is larger than the registry's limit of " + maxBodyBytes + " bytes");
  }

  /**
   * Every read is bounded by what is left of the request's deadline, so a trickle cannot outlast
   * it.
   */
  private static final class Clock {
    private final Socket client;
    private final long deadline;

    Clock(Socket client, long deadline) {
      this.client = client;
      this.deadline = deadline;
    }

    int read(InputStream in) throws IOException, Refused {
      arm();
      try {
        return in.read();
      } catch (SocketTimeoutException e) {
        throw new Refused(error(408, 408, "Request Timeout: the request did not arrive in time"));
      }
    }

    int read(InputStream in, byte[] buf, int off, int len) throws IOException, Refused {
      arm();
      try {
        return in.read(buf, off, len);
      } catch (SocketTimeoutException e) {
        throw new Refused(error(408, 408, "Request Timeout: the request did not arrive in time"));
      }
    }

    private void arm() throws SocketException, Refused {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new Refused(error(408, 408, "Request Timeout: the request did not arrive in time"));
      }
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }
  }

  /** One CRLF-terminated line (a bare LF is accepted), charged to {@code budget}. */
  private static String line(int first, InputStream in, Clock clock, int[] budget)
      throws IOException, Refused {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int b = first >= 0 ? first : clock.read(in);
    while (b != '\n') {
      if (b < 0) {
        throw new IOException("connection closed mid-request");
      }
      if (--budget[0] < 0) {
        throw new Refused(error(431, 431, "Request Header Fields Too Large"));
      }
      if (b != '\r') {
        text.write(b);
      }
      b = clock.read(in);
    }
    return text.toString(StandardCharsets.ISO_8859_1);
  }

  private byte[] exactly(InputStream in, int length, Clock clock) throws IOException, Refused {
    byte[] body = new byte[length];
    int read = 0;
    while (read < length) {
      int n = clock.read(in, body, read, length - read);
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      read += n;
    }
    return body;
  }

  private byte[] chunked(InputStream in, Clock clock) throws IOException, Refused {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int[] budget = {1024};
      String size = line(-1, in, clock, budget);
      int semicolon = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new Refused(error(400, 400, "Bad Request: malformed chunk size"));
      }
      if (n == 0) {
        for (String trailer = line(-1, in, clock, budget);
            !trailer.isEmpty();
            trailer = line(-1, in, clock, budget)) {
          // trailers carry nothing the registry reads
        }
        return body.toByteArray();
      }
      if (n < 0 || body.size() + n > maxBodyBytes) {
        throw new Refused(tooLarge());
      }
      body.write(exactly(in, (int) n, clock));
      line(-1, in, clock, budget);
    }
  }

  private static void write(OutputStream out, Answer answer, boolean keepAlive, boolean withBody)
      throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + answer.status()
            + " "
            + reason(answer.status())
            + "\r\n"
            + "Content-Type: "
            + EmbeddedSchemaRegistry.CONTENT_TYPE
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + (keepAlive ? "" : "Connection: close\r\n")
            + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    if (withBody) {
      out.write(body);
    }
    out.flush();
  }

  static Answer error(int status, int code, String message) {
    return new Answer(status, RegistryRoutes.errorJson(code, message));
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
