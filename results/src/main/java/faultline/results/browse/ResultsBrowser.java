package faultline.results.browse;

import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code faultline serve}: a small web server on loopback (127.0.0.1 only: run folders hold node
 * logs and configuration, not for the network; and only for loopback Host headers, see
 * {@link LoopbackHosts}) listing the store's runs newest first, and
 * serving each run's reports and files read-only.
 */
public final class ResultsBrowser implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  private final Javalin app;

  private ResultsBrowser(Javalin app) {
    this.app = app;
  }

  /** Starts serving {@code store} on {@code port} (0: any free port); see {@link #port()}. */
  public static ResultsBrowser start(Path store, int port) {
    Store s = new Store(store);
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    // The port is known once started (0 asks for any); no request is answered before that.
    AtomicInteger bound = new AtomicInteger(-1);
    app.before(ctx -> {
      if (!LoopbackHosts.allows(ctx.header("Host"), bound.get())) {
        throw new io.javalin.http.ForbiddenResponse("faultline serve answers only Host 127.0.0.1, localhost or [::1] with its port");
      }
    });
    app.get("/", ctx -> ctx.contentType(ContentType.TEXT_HTML).result(IndexPage.render(s, s.runs())));
    app.get("/runs/<path>", ctx -> {
      var file = s.file(ctx.pathParam("path"));
      if (file.isEmpty()) {
        ctx.status(HttpStatus.NOT_FOUND).result("no such file in the store");
        return;
      }
      ctx.contentType(contentType(file.get()));
      InputStream in = Files.newInputStream(file.get());
      ctx.result(in); // Javalin streams and closes it
    });
    app.start(HOST, port);
    bound.set(app.port());
    return new ResultsBrowser(app);
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://" + HOST + ":" + port() + "/";
  }

  /** Text files show in the browser rather than download: histories and summaries are for reading. */
  static String contentType(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".html")) return "text/html; charset=utf-8";
    if (name.endsWith(".json")) return "application/json; charset=utf-8";
    if (name.endsWith(".png")) return "image/png";
    if (name.endsWith(".svg")) return "image/svg+xml";
    if (name.endsWith(".xml")) return "application/xml; charset=utf-8";
    return "text/plain; charset=utf-8"; // .jsonl, .md, .log, .conf and the rest
  }

  @Override
  public void close() {
    app.stop();
  }
}
