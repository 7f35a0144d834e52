package faultline.results.browse;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.results.HeadlessChromium;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import faultline.results.report.Reports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** faultline serve's pages: over HTTP, and in a real headless Chromium. */
class ResultsBrowserTest {
  static final Path STORE = Path.of("target", "browser-tests", "serve-store").toAbsolutePath();

  private static List<RunFolder> store() throws Exception {
    if (Files.exists(STORE)) {
      try (var files = Files.walk(STORE)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    RunFolder older = RunFixtures.registerRun(STORE, "valid-register", 500, 10, false, 7); // 12:00:07
    RunFolder newer = RunFixtures.registerRun(STORE, "stale-read", 500, 10, true, 42); // 12:00:42
    Reports.renderRunFolder(older.directory());
    Reports.renderRunFolder(newer.directory());
    return List.of(older, newer);
  }

  @Test
  void servesOnlyFilesInsideTheStoreOnLoopback() throws Exception {
    store();
    try (ResultsBrowser browser = ResultsBrowser.start(STORE, 0)) {
      assertThat(browser.url()).startsWith("http://127.0.0.1:");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(browser.url())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      // Newest first, across tests.
      assertThat(index.body().indexOf("stale-read")).isLessThan(index.body().indexOf("valid-register"));
      HttpResponse<String> latest = http.send(HttpRequest.newBuilder(URI.create(browser.url() + "runs/latest/test.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.body()).contains("\"seed\"");
      for (String outside : List.of("runs/../../pom.xml", "runs/%2e%2e/%2e%2e/pom.xml", "runs/stale-read/.hidden")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(browser.url() + outside)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(outside).isIn(400, 404);
      }
    }
  }

  /**
   * DNS rebinding: a page from evil.example whose name the attacker points at 127.0.0.1 reaches
   * the server with "Host: evil.example:PORT". Only the loopback names with our port are answered.
   */
  @Test
  void answersOnlyLoopbackHostHeadersWithItsOwnPort() throws Exception {
    store();
    try (ResultsBrowser browser = ResultsBrowser.start(STORE, 0)) {
      int port = browser.port();
      for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
        assertThat(statusFor(port, "/", host)).as(host).isEqualTo(200);
        assertThat(statusFor(port, "/runs/latest/test.json", host)).as(host).isEqualTo(200);
      }
      for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1", "localhost:" + (port == 1 ? 2 : port - 1),
          "127.0.0.1.evil.example:" + port, "localhost.:" + port, "[::1]", "")) {
        assertThat(statusFor(port, "/", host)).as("Host: '%s'", host).isEqualTo(403);
        assertThat(statusFor(port, "/runs/latest/test.json", host)).as("Host: '%s'", host).isEqualTo(403);
      }
      assertThat(statusFor(port, "/", null)).as("no Host header (HTTP/1.0)").isEqualTo(403);
      // Not a host name at all: Jetty refuses it itself, before any handler.
      assertThat(statusFor(port, "/", "127.0.0.1:" + port + "@evil.example")).isEqualTo(400);
    }
  }

  /** The status of a GET sent by hand: Java's HttpClient will not send a Host header of our choosing. */
  private static int statusFor(int port, String path, String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      String request = host == null ? "GET " + path + " HTTP/1.0\r\n\r\n"
          : "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void theIndexPageListsRunsNewestFirstAndLinksToTheirReports() throws Exception {
    List<RunFolder> runs = store();
    try (ResultsBrowser browser = ResultsBrowser.start(STORE, 0); HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(browser.url());
      assertThat(chromium.consoleErrors()).isEmpty();
      @SuppressWarnings("unchecked")
      List<String> rows = (List<String>) chromium.script(
          "return [...document.querySelectorAll('#runs tr.run')].map(r => r.innerText.replace(/\\s+/g, ' '))");
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0)).contains("stale-read", "2026-11-26 12:00:42", "INVALID", "partition-halves", "report", "history.jsonl");
      assertThat(rows.get(1)).contains("valid-register", "2026-11-26 12:00:07", "valid");
      Path shot = chromium.screenshot(runs.get(1).directory().resolve("serve-index-screenshot.png"));
      System.out.println("screenshot: " + shot);

      chromium.script("document.querySelector('#runs tr.run a.report').click()");
      assertThat(chromium.driver().getCurrentUrl()).endsWith("/runs/stale-read/" + runs.get(1).directory().getFileName() + "/report.html");
      assertThat(chromium.script("return document.getElementById('verdict').textContent")).isEqualTo("INVALID");
      assertThat(chromium.script("return document.querySelectorAll('#timeline .op.anomaly').length")).isEqualTo(1L);
      assertThat(chromium.consoleErrors()).isEmpty();
    }
  }
}
