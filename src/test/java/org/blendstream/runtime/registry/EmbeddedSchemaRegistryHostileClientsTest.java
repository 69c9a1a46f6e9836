package org.blendstream.runtime.registry;

import static org.blendstream.runtime.registry.RegistryHttp.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.blendstream.IntegrationTest;
import org.blendstream.runtime.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real registry against clients that do not play fair, over raw sockets so that the test
 * controls every byte: a body over the limit (declared or chunked), clients that trickle a request
 * a byte at a time, a malformed percent-encoding, a schema too large to store. Each answer is
 * Confluent's error JSON, in bounded time and memory. Against the JDK server the registry had
 * before, the 1.5 GB body was read whole, the trickling clients held every worker, the
 * percent-encoding got an HTML page and the large schema's error repeated the schema.
 */
@IntegrationTest
class EmbeddedSchemaRegistryHostileClientsTest {

  @RegisterExtension static final KafkaTestCluster KAFKA = new KafkaTestCluster();

  private static final RegistryHttp API = new RegistryHttp(KAFKA::schemaRegistryUrl);
  private static final int CLIENT_TIMEOUT_MS = 20_000;

  /** A status line, headers and the body, as read off the socket. */
  private record Raw(int status, String head, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitIsRefusedWith413WithoutBeingRead() throws Exception {
    try (Socket s = connect()) {
      long declared = 1_500L * 1024 * 1024;
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /subjects/big-value/versions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  + EmbeddedSchemaRegistry.CONTENT_TYPE
                  + "\r\nContent-Length: "
                  + declared
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      Raw answer = read(s.getInputStream());
      assertEquals(413, answer.status(), answer::toString);
      assertEquals(413, answer.json().path("error_code").asInt());
      assertTrue(
          answer
              .json()
              .path("message")
              .asText()
              .contains(String.valueOf(EmbeddedSchemaRegistry.MAX_BODY_BYTES)));
    }
  }

  @Test
  void aChunkedBodyIsRefusedWith413AsSoonAsItPassesTheLimit() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /subjects/big-value/versions HTTP/1.1\r\n"
                  + "Host: x\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[256 * 1024];
      try {
        for (int i = 0; i * chunk.length <= EmbeddedSchemaRegistry.MAX_BODY_BYTES; i++) {
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      } catch (IOException refusedMidway) {
        // the registry may answer and close while chunks are still going out
      }
      Raw answer = read(s.getInputStream());
      assertEquals(413, answer.status(), answer::toString);
      assertEquals(413, answer.json().path("error_code").asInt());
    }
  }

  @Test
  void clientsTricklingAByteASecondNeitherHoldTheRegistryNorStayForever() throws Exception {
    int subjectsBefore = API.get("/subjects").body().size();
    List<Socket> slow = new ArrayList<>();
    try {
      // More than the four workers of the JDK server the registry used to run on, each holding one.
      for (int i = 0; i < 8; i++) {
        Socket s = connect();
        s.getOutputStream()
            .write(
                "POST /subjects/slow-value/versions HTTP/1.1\r\nHo"
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      Thread.sleep(1000);
      for (Socket s : slow) {
        s.getOutputStream().write('s');
        s.getOutputStream().flush();
      }
      long start = System.nanoTime();
      try (Socket s = connect()) {
        s.getOutputStream()
            .write("GET /subjects HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Raw answer = read(s.getInputStream());
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(subjectsBefore, answer.json().size());
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(
          ms < 3_000, "a well-behaved request waited " + ms + " ms behind the trickling clients");
      // A trickle that goes on is cut off at the read timeout with Confluent-style JSON, not held
      // forever.
      long cut = System.nanoTime();
      Socket first = slow.get(0);
      Thread trickle =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 30; i++) {
                    Thread.sleep(1000);
                    first.getOutputStream().write('t');
                    first.getOutputStream().flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // cut off, as it should be
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      Raw answer = read(first.getInputStream());
      long cutMs = (System.nanoTime() - cut) / 1_000_000;
      assertEquals(408, answer.status(), answer::toString);
      assertEquals(408, answer.json().path("error_code").asInt());
      assertTrue(
          cutMs < EmbeddedSchemaRegistry.READ_TIMEOUT.toMillis() + 5_000,
          "cut off after " + cutMs + " ms");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void malformedPercentEncodingGetsConfluentErrorJsonNotAnHtmlPage() throws Exception {
    for (String path :
        List.of("/subjects/%zz/versions", "/subjects/a%/versions", "/subjects?deleted=%G1")) {
      try (Socket s = connect()) {
        s.getOutputStream()
            .write(
                ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        Raw answer = read(s.getInputStream());
        assertEquals(400, answer.status(), path + ": " + answer);
        assertTrue(answer.head().contains(EmbeddedSchemaRegistry.CONTENT_TYPE), answer::toString);
        assertEquals(400, answer.json().path("error_code").asInt(), path);
      }
    }
  }

  @Test
  void aSchemaTooLargeToStoreIsRefusedWith422AndTheErrorDoesNotRepeatIt() {
    String doc = "d".repeat(1_500_000);
    String schema =
        "{\"type\":\"record\",\"name\":\"Huge\",\"doc\":\""
            + doc
            + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    RegistryHttp.Answer answer = API.postSchema("/subjects/huge-value/versions", schema);
    assertEquals(422, answer.status(), () -> answer.body().toString().substring(0, 300));
    assertEquals(42201, answer.errorCode());
    assertTrue(
        answer.message().length() < 1_000,
        "the error repeats " + answer.message().length() + " chars");
    assertEquals(404, API.get("/subjects/huge-value/versions").status(), "nothing was stored");
  }

  @Test
  void keepAliveClientsStillGetEveryAnswer() {
    for (int i = 0; i < 50; i++) {
      assertEquals(200, API.get("/subjects").status());
    }
  }

  private static Socket connect() throws IOException {
    URI url = URI.create(KAFKA.schemaRegistryUrl());
    Socket s = new Socket(url.getHost(), url.getPort());
    s.setSoTimeout(CLIENT_TIMEOUT_MS);
    return s;
  }

  private static Raw read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before an answer: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(text.split(" ")[1]);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Raw(status, text, new String(body, StandardCharsets.UTF_8));
  }
}
