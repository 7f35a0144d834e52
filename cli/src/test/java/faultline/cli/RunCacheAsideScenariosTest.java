package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache-aside scenarios against a real PostgreSQL and a real Redis (about 15 s of load each),
 * each ending with its expected exit code: the common pattern serves a value the cache kept after
 * a write, and the versioned fill, under the same stalls, does not.
 */
class RunCacheAsideScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode linearizable, List<Op> history) {
    /** The client pauses' stops that froze a worker. */
    long freezes() {
      return history.stream()
          .filter(op -> op.process() == Process.NEMESIS && op.type() == OpType.INFO && op.f().equals("stop-client-pause"))
          .filter(op -> op.value() instanceof Map<?, ?> stop && Boolean.TRUE.equals(stop.get("froze")))
          .count();
    }
  }

  /** The weaker models' searches get 20 s: a stale read makes sequential's search long, and the session guarantees decide it. */
  private Run run(String scenario) throws Exception {
    int exit = Faultline.execute("run", "--scenario", scenario, "--time-limit=15", "--seed=6", "--check-time-limit=20",
        "--store", store.toString());
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());
    JsonNode linearizable = null;
    for (JsonNode c : results.get("checkers")) if (c.get("checker").asText().equals("linearizable")) linearizable = c;
    assertThat(linearizable).as("the linearizable checker's result").isNotNull();
    return new Run(exit, linearizable, history);
  }

  private static List<String> types(JsonNode checker) {
    List<String> out = new ArrayList<>();
    checker.path("explanation-data").forEach(e -> out.add(e.get("type").asText()));
    return out;
  }

  @Test
  void aFillAfterTheWritesDeleteServesAStaleValue() throws Exception {
    Run r = run("cache-aside-race");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(types(r.linearizable())).contains("not-linearizable", "served-by-cache");
  }

  @Test
  void theVersionedFillKeepsTheCacheLinearizableUnderTheSameStalls() throws Exception {
    Run r = run("cache-aside-versioned");
    assertThat(r.freezes()).as("client pauses that froze a reader between its SELECT and its fill").isPositive();
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
  }

  /** The cache is a Redis node faultline starts, so the Redis durability setting applies to it, and test.json says so. */
  @Test
  void appendfsyncSetsTheCachesDurability() throws Exception {
    int exit = Faultline.execute("run", "--scenario", "cache-aside-versioned", "--time-limit=2", "--appendfsync", "always",
        "--store", store.toString());
    assertThat(exit).isEqualTo(ExitCode.VALID);
    JsonNode ran = JSON.readTree(store.resolve("latest").toRealPath().resolve("test.json").toFile()).get("ran");
    assertThat(ran.at("/nodes/n2/settings/appendfsync").asText()).isEqualTo("always");
    assertThat(ran.at("/nodes/n1/version").asText()).as("n1 is the PostgreSQL truth").isNotEmpty();
  }

  /** Refused before anything starts: the client would have nowhere to cache (it was an internal error, 70). */
  @Test
  void aCacheAsideClientOnATopologyWithoutACacheIsBadUsage() throws Exception {
    int exit = Faultline.execute("run", "--topology", "pg-single", "--client", "cache-aside-common", "--time-limit=2",
        "--store", store.toString());
    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(store.resolve("latest")).doesNotExist();
  }
}
