package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's checks of itself against real servers: every completion names the node that served it and that
 * server's identity as the server says it, and test.json says what ran, as each program says.
 */
class RunSelfChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs; the exit code must be one of {@code exits}. */
  private Path run(List<Integer> exits, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "run";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--store";
    args[options.length + 2] = store.toString();
    assertThat(Faultline.execute(args)).isIn(exits);
    return store.resolve("latest").toRealPath();
  }

  /** Every completion of a client names a node of this run, whose home lies in that node's folder. */
  private static void everyCompletionNamesItsServer(Path folder, List<String> names) throws Exception {
    List<Op> completions = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops().stream()
        .filter(o -> o.process().isClient() && o.type() != OpType.INVOKE).toList();
    assertThat(completions).isNotEmpty();
    for (Op c : completions) {
      assertThat(c.node()).as("event %d", c.index()).isInstanceOf(Map.class);
      Map<?, ?> node = (Map<?, ?>) c.node();
      assertThat(names).contains(String.valueOf(node.get("name")));
      assertThat(Path.of(String.valueOf(node.get("home"))).normalize()) // a data folder is gone after teardown
          .startsWithRaw(folder.resolve("nodes").resolve(String.valueOf(node.get("name"))).toRealPath());
      assertThat(String.valueOf(node.get("run"))).isNotBlank();
    }
    assertThat(JSON.readTree(folder.resolve("results.json").toFile()).has("harness")).isFalse();
  }

  @Test
  void redisCompletionsNameTheirServerAndTestJsonSaysWhatRan() throws Exception {
    Path folder = run(List.of(ExitCode.VALID), "--topology", "redis-single", "--workload", "counter", "--time-limit=2", "--rate", "100");
    everyCompletionNamesItsServer(folder, List.of("n1"));
    JsonNode ran = JSON.readTree(folder.resolve("test.json").toFile()).get("ran");
    JsonNode n1 = ran.get("nodes").get("n1");
    assertThat(n1.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(n1.get("settings").get("appendonly").asText()).isEqualTo("yes");
    assertThat(n1.get("settings").get("appendfsync").asText()).isEqualTo("everysec");
    assertThat(ran.get("toxiproxy").asText()).isNotBlank().doesNotStartWith("unknown");
    assertThat(ran.get("jdk").asText()).contains(Integer.toString(Runtime.version().feature()));
    assertThat(ran.get("kernel").asText()).contains(System.getProperty("os.version"));
    assertThat(ran.get("faultline").get("commit").asText()).isNotBlank();
    assertThat(Files.readString(folder.resolve("summary.md"))).contains("n1: version " + n1.get("version").asText());
  }

  @Test
  void postgresReadsOnStandbysNameTheStandby() throws Exception {
    // Standbys lag: stale reads may rule out strict serializability; the verdict is not the point here.
    Path folder = run(List.of(ExitCode.VALID, ExitCode.ANOMALY), "--topology", "pg-replicated", "--workload", "list-append", "--read-from", "replica", "--time-limit=3", "--rate", "100");
    everyCompletionNamesItsServer(folder, List.of("n1", "n2", "n3"));
    // Read-only transactions went to the standbys, and their completions say so, as the servers said.
    List<Op> ops = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    assertThat(ops.stream().filter(o -> o.node() instanceof Map<?, ?> m && !"n1".equals(m.get("name")))).isNotEmpty();
    JsonNode ran = JSON.readTree(folder.resolve("test.json").toFile()).get("ran").get("nodes");
    assertThat(ran.get("n1").get("settings").get("synchronous_commit").asText()).isEqualTo("on");
    assertThat(ran.get("n2").get("standby").asBoolean()).isTrue();
    assertThat(ran.get("n1").get("version").asText()).matches("\\d+\\.\\d+.*");
  }

  /** --postgres-version: test.json says what was asked and, as each server says it, what ran. */
  @Test
  void aChosenPostgresVersionIsWhatTestJsonSaysRan() throws Exception {
    int exit = Faultline.execute("run", "--topology", "pg-replicated", "--workload", "list-append", "--postgres-version", "18.1",
        "--time-limit=3", "--rate", "100", "--store", store.toString());
    org.junit.jupiter.api.Assumptions.assumeTrue(exit != ExitCode.UNAVAILABLE, "PostgreSQL 18.1 cannot be fetched from Maven Central here");
    assertThat(exit).isIn(ExitCode.VALID, ExitCode.ANOMALY);
    Path folder = store.resolve("latest").toRealPath();
    everyCompletionNamesItsServer(folder, List.of("n1", "n2", "n3"));
    JsonNode test = JSON.readTree(folder.resolve("test.json").toFile());
    assertThat(test.get("postgres-version").asText()).isEqualTo("18.1");
    for (String n : List.of("n1", "n2", "n3")) {
      assertThat(test.get("ran").get("nodes").get(n).get("version").asText()).as("%s's version", n).isEqualTo("18.1");
    }
  }
}
