package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline run --endpoint}: servers this test starts (a Redis and a PostgreSQL, each
 * requiring a password, on a loopback address block of their own) and of which the runs are told
 * only the URL. The same scenarios reach the same verdicts as on servers faultline starts; faults
 * that need the servers are refused before anything starts; an endpoint that is not there or
 * refuses the credentials is one line and exit 69.
 */
class RunExternalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path servers;
  @TempDir Path store;

  private static Environment redis;
  private static Environment postgres;

  /** The servers: started by the test, once, and to the runs only addresses and passwords. */
  @BeforeAll
  static void startServers() throws Exception {
    Files.setPosixFilePermissions(servers, PosixFilePermissions.fromString("rwxr-xr-x")); // PostgreSQL's user enters it
    // A primary and its replicas: one endpoint alone, or a primary and a replica with their roles.
    redis = LocalEnvironment.builder(Topology.REDIS_REPLICATED).runDirectory(servers.resolve("redis")).start();
    postgres = LocalEnvironment.builder(Topology.PG_SINGLE).runDirectory(servers.resolve("postgres")).start();
    // The runs use an ordinary user, as a managed service gives one: no superuser, a database of its own.
    Endpoint pg = postgres.nodes().get(0).address();
    java.util.Properties admin = new java.util.Properties();
    admin.setProperty("user", postgres.credentials().user());
    admin.setProperty("password", postgres.credentials().password());
    try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + pg + "/postgres", admin); var s = c.createStatement()) {
      s.execute("CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "'");
      s.execute("CREATE DATABASE scratch OWNER app");
    }
  }

  private static final String APP_PASSWORD = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(12));

  @AfterAll
  static void stopServers() {
    if (redis != null) redis.close();
    if (postgres != null) postgres.close();
  }

  @BeforeEach
  void openTheStore() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String redisUrl() {
    return redisUrl(0);
  }

  private static String redisUrl(int node) {
    Endpoint a = redis.nodes().get(node).address();
    return "redis://:" + redis.credentials().password() + "@" + a;
  }

  private static String postgresUrl() {
    Endpoint a = postgres.nodes().get(0).address();
    return "postgres://app:" + APP_PASSWORD + "@" + a + "/scratch";
  }

  private record Out(int code, String out, String err) {}

  private Out faultline(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (args[0].equals("run")) all.addAll(List.of("--store", store.toString()));
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Faultline.execute(all.toArray(String[]::new));
      return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private record Run(Out out, JsonNode test, JsonNode results, History history) {}

  private Run run(String... args) throws Exception {
    Out out = faultline(args);
    Path folder = store.resolve("latest").toRealPath();
    return new Run(out, JSON.readTree(folder.resolve("test.json").toFile()), JSON.readTree(folder.resolve("results.json").toFile()),
        HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL));
  }

  /** What an external run must say of itself whatever its verdict: the environment, its keys, no harness error. */
  private static void assertExternal(Run r, String topology) {
    assertThat(r.test().get("topology").asText()).isEqualTo(topology);
    JsonNode env = r.test().get("environment");
    assertThat(env.get("kind").asText()).isEqualTo("external");
    assertThat(env.get("endpoints").get(0).asText()).startsWith("primary=").contains(":***@").doesNotContain(
        topology.startsWith("redis") ? redis.credentials().password() : APP_PASSWORD);
    List<String> possible = new ArrayList<>();
    env.get("faults-possible").forEach(f -> possible.add(f.asText()));
    assertThat(possible).contains("latency:clients", "reset-peer:clients", "link-down:clients", "client-pause").doesNotContain("kill");
    assertThat(env.get("faults-impossible").get("kill").asText()).contains("process control");
    assertThat(env.get("faults-impossible").get("partition").asText()).contains("links between servers");
    assertThat(env.get("faults-impossible").get("clock-skew").asText()).contains("clock control");
    // Every key of the run carries its own prefix: the servers keep earlier runs' keys.
    String prefix = env.get("key-prefix").asText();
    assertThat(r.history().ops()).filteredOn(op -> op.process().isClient()).isNotEmpty().allSatisfy(op -> assertThat(String.valueOf(op.key())).startsWith(prefix));
    // Replies came from the servers faultline did not start, and that is not held against the run.
    assertThat(r.results().has("harness")).as(r.results().toString()).isFalse();
    assertThat(r.history().ops()).filteredOn(op -> op.process().isClient() && op.type() == OpType.OK).first()
        .satisfies(op -> assertThat(op.node()).isNotNull());
    assertThat(r.test().at("/ran/nodes/n1/version").asText()).isNotEmpty();
  }

  @Test
  void redisCounterAndRegisterAreValidOnAnEndpoint() throws Exception {
    Run counter = run("run", "--scenario", "redis-counter-incr", "--endpoint", redisUrl(), "--time-limit", "4");
    assertThat(counter.out().code()).as(counter.out().err()).isEqualTo(ExitCode.VALID);
    assertExternal(counter, "redis-external");
    assertThat(counter.results().at("/stats/ok").asLong()).isPositive();

    Run register = run("run", "--scenario", "redis-register-cas", "--endpoint", redisUrl(), "--time-limit", "4");
    assertThat(register.out().code()).as(register.out().err()).isEqualTo(ExitCode.VALID);
    assertExternal(register, "redis-external");
    // A second run on the same server: its own keys, so the first run's counters are not read as its own.
    assertThat(register.test().at("/environment/key-prefix").asText()).isNotEqualTo(counter.test().at("/environment/key-prefix").asText());
  }

  @Test
  void endpointsWithRolesGetAProxyEachAndARoleTheServerDeniesIsOneLine() throws Exception {
    Run r = run("run", "--scenario", "redis-counter-incr", "--endpoint", "primary=" + redisUrl(0), "--endpoint", "replica=" + redisUrl(1),
        "--time-limit", "3");
    assertThat(r.out().code()).as(r.out().err()).isEqualTo(ExitCode.VALID);
    assertExternal(r, "redis-external");
    assertThat(r.test().at("/environment/endpoints/1").asText()).startsWith("replica=redis://:***@");
    assertThat(r.test().at("/ran/nodes/n2/version").asText()).isNotEmpty();

    Out swapped = faultline("run", "--endpoint", "primary=" + redisUrl(1), "--endpoint", "replica=" + redisUrl(0), "--workload", "counter");
    assertThat(swapped.code()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(swapped.err().strip().lines()).singleElement().asString().contains("endpoint n1").contains("it says it is a replica");
  }

  @Test
  void anExternalTopologyIsNotStartedByEnvUp() {
    Out out = faultline("env", "up", "pg-external");
    assertThat(out.code()).isEqualTo(ExitCode.USAGE);
    assertThat(out.err().strip().lines()).singleElement().asString().contains("not started by faultline").contains("--endpoint");
  }

  @Test
  void clientLinkFaultsApplyThroughTheProxyAndLeaveInfoOpsNoFalseAnomaly() throws Exception {
    Run r = run("run", "--scenario", "redis-counter-incr", "--endpoint", redisUrl(), "--nemesis", "timeout:clients,reset-peer:clients",
        "--nemesis-interval", "1", "--time-limit", "8", "--op-timeout", "300", "--seed", "7");
    assertThat(r.out().code()).as(r.out().err()).isEqualTo(ExitCode.VALID);
    assertExternal(r, "redis-external");
    assertThat(r.results().at("/stats/info").asLong()).as("ops caught by the faults").isPositive();
    assertThat(r.results().at("/nemesis/faults-applied").asInt()).isPositive();
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
    List<Op> started = r.history().ops().stream()
        .filter(op -> op.process().equals(Process.NEMESIS) && op.type() == OpType.INFO && op.f().startsWith("start-")).toList();
    assertThat(started).isNotEmpty();
  }

  @Test
  void aRestartSomeoneElseDoesIsNotedAndIsNoHarnessError() throws Exception {
    try (Environment lone = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(servers.resolve("lone")).start()) {
      restartedDuringARun(lone);
    }
  }

  private void restartedDuringARun(Environment lone) throws Exception {
    var n1 = lone.node("n1");
    var processes = lone.require(faultline.environments.ProcessControl.class);
    Thread restarter = Thread.ofVirtual().start(() -> {
      // Once the load has begun (bounded wait), the server is killed and started again by someone other than the run.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline && !loadBegun()) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
      processes.kill(n1);
      processes.start(n1);
    });
    Run r = run("run", "--scenario", "redis-counter-incr", "--endpoint", "redis://:" + lone.credentials().password() + "@" + n1.address(),
        "--time-limit", "6");
    restarter.join();
    // Whatever the kill cost (everysec loses nothing acknowledged on an idle disk, but this machine is
    // shared), the verdict is the checkers', never unknown for the restart.
    assertThat(r.out().code()).as(r.out().err()).isIn(ExitCode.VALID, ExitCode.ANOMALY);
    assertThat(r.results().get("harness")).as(r.results().toString()).singleElement()
        .satisfies(h -> assertThat(h.get("kind").asText()).isEqualTo("endpoint-restarted"))
        .satisfies(h -> assertThat(h.get("reason").asText()).contains("n1").contains("not by faultline"));
    assertThat(r.results().has("checkers-valid")).as("the note changes no verdict").isFalse();
  }

  /** Whether a run's history in the store has ops in it. */
  private boolean loadBegun() {
    try (Stream<Path> files = Files.walk(store)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("history.jsonl") && p.toFile().length() > 0);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  @Test
  void postgresReadCommittedReadModifyWriteLosesUpdatesOnAnEndpoint() throws Exception {
    Run r = run("run", "--scenario", "pg-counter-rmw-read-committed", "--endpoint", postgresUrl(), "--time-limit", "5");
    assertThat(r.out().code()).as(r.out().err()).isEqualTo(ExitCode.ANOMALY);
    assertExternal(r, "pg-external");
    assertThat(r.results().at("/checkers/0/lost-update-reads").asLong()).isPositive();
    // An ordinary user may not read data_directory: the system identifier tells the server apart.
    assertThat(r.test().at("/ran/nodes/n1/system-identifier").asText()).isNotEmpty();
    assertThat(r.test().at("/ran/nodes/n1/data-directory").asText()).isEmpty();
    assertThat(r.test().at("/ran/nodes/n1/error").isMissingNode()).isTrue();
  }

  @Test
  void aFaultThatNeedsTheServersIsRefusedBeforeAnythingStarts() throws Exception {
    Out out = faultline("run", "--scenario", "redis-counter-incr-faults", "--endpoint", redisUrl());
    assertThat(out.code()).isEqualTo(ExitCode.USAGE);
    assertThat(out.err().strip().lines()).singleElement().asString()
        .contains("kill needs process control, which redis-external lacks").contains("did not start the servers");
    assertThat(out.err()).doesNotContain(redis.credentials().password());
    try (Stream<Path> made = Files.list(store)) {
      assertThat(made).as("no run folder").isEmpty();
    }
    Out replication = faultline("run", "--endpoint", postgresUrl(), "--workload", "counter", "--nemesis", "link-down:n2_to_n1");
    assertThat(replication.code()).isEqualTo(ExitCode.USAGE);
    assertThat(replication.err()).contains("no link between servers");
  }

  @Test
  void anUnreachableEndpointIsOneLineNamingIt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Out out = faultline("run", "--endpoint", "redis://:secret@127.0.0.1:" + port, "--workload", "counter");
    assertThat(out.code()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(out.err().strip().lines()).singleElement().asString().contains("endpoint n1").contains("127.0.0.1:" + port)
        .contains("nothing answers").doesNotContain("secret");
    try (Stream<Path> made = Files.list(store)) {
      assertThat(made).as("no run folder").isEmpty();
    }
  }

  @Test
  void badCredentialsAreOneLine() throws Exception {
    Endpoint pg = postgres.nodes().get(0).address();
    Out wrongPg = faultline("run", "--endpoint", "postgres://postgres:not-it@" + pg + "/postgres", "--workload", "counter");
    assertThat(wrongPg.code()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(wrongPg.err().strip().lines()).singleElement().asString().contains("endpoint n1").contains("credentials were refused")
        .doesNotContain("not-it");
    Out wrongRedis = faultline("run", "--endpoint", "redis://:not-it@" + redis.nodes().get(0).address(), "--workload", "counter");
    assertThat(wrongRedis.code()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(wrongRedis.err().strip().lines()).singleElement().asString().contains("credentials were refused").doesNotContain("not-it");
  }
}
