package faultline.cli.run;

import faultline.cli.Faultline;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.Role;
import faultline.workloads.ServerIdentity;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What actually ran, as each program says itself, for test.json's {@code "ran"} entry: a verdict
 * means something only against a stated configuration. Each server's version and effective
 * durability and replication settings (asked of the server directly at its own address, not
 * through a proxy), Toxiproxy's version (its API's {@code /version}), faultline's commit and
 * whether its tree was modified, the JDK, the OS and the kernel. A fact that cannot be had says
 * why in its place; it never stops a run.
 */
final class RunFacts {
  private static final Duration WAIT = Duration.ofSeconds(5);
  /** Redis settings that decide what a kill or a failover may lose. */
  private static final List<String> REDIS_SETTINGS = List.of("appendonly", "appendfsync", "save", "min-replicas-to-write", "repl-diskless-sync");
  /** PostgreSQL settings that decide the same. */
  private static final List<String> PG_SETTINGS = List.of("fsync", "synchronous_commit", "synchronous_standby_names", "wal_level",
      "full_page_writes", "wal_sync_method", "default_transaction_isolation");

  private RunFacts() {}

  static Map<String, Object> of(Environment env, boolean redis) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> nodes = new LinkedHashMap<>();
    for (Node n : env.nodes()) {
      // A topology of both databases names its Redis node (the cache).
      boolean asRedis = redis || env.topology().cache().filter(n.name()::equals).isPresent();
      nodes.put(n.name(), asRedis ? redisNode(n, env.credentials()) : postgresNode(n, env.credentials(), env.database()));
    }
    out.put("nodes", nodes);
    out.put("toxiproxy", toxiproxyVersion(env.toxiproxyApi()));
    out.put("faultline", faultline());
    out.put("jdk", System.getProperty("java.vendor") + " " + Runtime.version());
    out.put("os", osName() + " (" + System.getProperty("os.arch") + ")");
    out.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return out;
  }

  private static Map<String, Object> redisNode(Node n, Credentials credentials) {
    Map<String, Object> out = new LinkedHashMap<>();
    RedisClient client = RedisClient.create();
    try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.builder().withHost(n.address().host())
        .withPort(n.address().port()).withPassword(credentials.passwordChars()).withTimeout(WAIT).build())) {
      String info = c.sync().info("server");
      ServerIdentity self = ServerIdentity.ofRedisInfo(info);
      out.put("version", ServerIdentity.infoField(info, "redis_version"));
      out.put("run-id", self.run());
      out.put("config-file", self.home());
      if (n.role() != Role.SENTINEL) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String s : REDIS_SETTINGS) {
          try {
            settings.put(s, c.sync().configGet(s).getOrDefault(s, "?"));
          } catch (RuntimeException e) {
            // A managed Redis may refuse CONFIG; the identity above stands.
            settings.put(s, "? (" + e.getMessage() + ")");
          }
        }
        out.put("settings", settings);
      }
    } catch (RuntimeException e) {
      out.put("error", "could not ask " + n.name() + " at " + n.address() + ": " + e.getMessage());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    return out;
  }

  private static Map<String, Object> postgresNode(Node n, Credentials credentials, String database) {
    Map<String, Object> out = new LinkedHashMap<>();
    Endpoint a = n.address();
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", credentials.user());
    props.setProperty("password", credentials.password());
    props.setProperty("connectTimeout", Long.toString(WAIT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(WAIT.toSeconds()));
    try (Connection c = DriverManager.getConnection(a.jdbcUrl(database), props);
        Statement s = c.createStatement()) {
      out.put("version", show(s, "server_version"));
      try (ResultSet r = s.executeQuery("SELECT pg_postmaster_start_time()::text, pg_is_in_recovery(), "
          + "(SELECT system_identifier FROM pg_control_system())::text")) {
        r.next();
        out.put("postmaster-start", r.getString(1));
        out.put("standby", r.getBoolean(2));
        out.put("system-identifier", r.getString(3));
      }
      try (ResultSet r = s.executeQuery("SELECT " + ServerIdentity.POSTGRES_HOME_SQL)) {
        r.next();
        out.put("data-directory", r.getString(1));
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      for (String name : PG_SETTINGS) settings.put(name, show(s, name));
      out.put("settings", settings);
    } catch (java.sql.SQLException | RuntimeException e) {
      out.put("error", "could not ask " + n.name() + " at " + a + ": " + e.getMessage());
    }
    return out;
  }

  private static String show(Statement s, String setting) throws java.sql.SQLException {
    try (ResultSet r = s.executeQuery("SHOW " + setting)) {
      r.next();
      return r.getString(1);
    }
  }

  private static String toxiproxyVersion(Endpoint api) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + api.host() + ":" + api.port() + "/version"))
          .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
      String body = r.body().strip();
      // Newer servers answer {"version": "2.x"}; older ones the bare version.
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]{1,64})\"").matcher(body);
      return m.find() ? m.group(1) : body.length() > 64 ? body.substring(0, 64) : body;
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }

  /** faultline's commit, and whether tracked files differ from it, from the checkout its jar was built in. */
  static Map<String, Object> faultline() {
    Map<String, Object> out = new LinkedHashMap<>();
    String version = Faultline.class.getPackage().getImplementationVersion();
    out.put("version", version == null ? "development build" : version);
    Path root = checkout();
    if (root == null) {
      out.put("commit", "unknown (not run from a git checkout)");
      return out;
    }
    String commit = git(root, "rev-parse", "HEAD");
    out.put("commit", commit == null ? "unknown (git could not say)" : commit);
    String changes = git(root, "status", "--porcelain", "--untracked-files=no");
    if (changes != null) out.put("modified", !changes.isEmpty());
    return out;
  }

  /** The git checkout holding the running code, or null. */
  private static Path checkout() {
    try {
      Path p = Path.of(Faultline.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
      for (; p != null; p = p.getParent()) if (Files.exists(p.resolve(".git"))) return p;
    } catch (Exception e) {
      // no code source: not from a checkout
    }
    return null;
  }

  private static String git(Path root, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) return line.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no os-release
    }
    return System.getProperty("os.name");
  }
}
