package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-free scenarios against real servers, 10 s of load each: the verdicts they must
 * reach, with the evidence results.json must hold.
 */
class RunScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, JsonNode test, Path folder) {}

  private Run run(String scenario, String... extra) throws Exception {
    String[] args = new String[4 + 2 + extra.length];
    args[0] = "run";
    args[1] = "--scenario";
    args[2] = scenario;
    args[3] = "--time-limit=10";
    args[4] = "--store";
    args[5] = store.toString();
    System.arraycopy(extra, 0, args, 6, extra.length);
    int exit = Faultline.execute(args);
    Path folder = store.resolve("latest").toRealPath();
    assertThat(folder.getParent().getFileName().toString()).isEqualTo(scenario);
    // The streamed history is complete and readable by faultline check's reader.
    var history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL);
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());
    JsonNode stats = results.get("stats");
    assertThat(history.ops()).hasSize(2 * (int) (stats.get("ok").asLong() + stats.get("fail").asLong() + stats.get("info").asLong()));
    assertThat(stats.get("ok").asLong()).isGreaterThan(1000);
    return new Run(exit, results, JSON.readTree(folder.resolve("test.json").toFile()), folder);
  }

  private static JsonNode checker(Run r) {
    return r.results().get("checkers").get(0);
  }

  @Test
  void redisCounterIncrIsValid() throws Exception {
    Run r = run("redis-counter-incr");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.results().get("valid").asBoolean()).isTrue();
    assertThat(r.test().get("seed").isNumber()).isTrue();
    assertThat(Files.exists(r.folder().resolve("nodes/n1/n1.log"))).isTrue();
  }

  @Test
  void redisCounterRmwLosesUpdatesAndNamesTheReadsThatProveIt() throws Exception {
    Run r = run("redis-counter-rmw", "--concurrency", "5");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    JsonNode counter = checker(r);
    assertThat(counter.get("lost-update-reads").asLong()).isPositive();
    JsonNode witness = counter.get("witnesses").get(0);
    assertThat(witness.get("anomaly").asText()).isEqualTo("lost-update");
    assertThat(witness.get("read").asLong()).isLessThan(witness.get("expected-at-least").asLong());
    assertThat(witness.get("explanation").asText()).contains("were lost");
  }

  @Test
  void pgCounterUpdateIsValid() throws Exception {
    Run r = run("pg-counter-update");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
  }

  @Test
  void pgCounterRmwUnderReadCommittedLosesUpdates() throws Exception {
    Run r = run("pg-counter-rmw-read-committed");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(checker(r).get("lost-update-reads").asLong()).isPositive();
  }

  @Test
  void pgCounterRmwUnderRepeatableReadIsValidWithSerializationFailures() throws Exception {
    Run r = run("pg-counter-rmw-repeatable-read");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.results().at("/stats/fail").asLong()).isPositive();
    String history = Files.readString(r.folder().resolve("history.jsonl"));
    assertThat(history).contains("\"type\":\"fail\"").contains("40001");
  }

  @Test
  void redisRegisterCasIsLinearizable() throws Exception {
    Run r = run("redis-register-cas");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(checker(r).get("model").asText()).isEqualTo("cas-register");
  }

  @Test
  void pgRegisterCasUnderSerializableIsLinearizable() throws Exception {
    Run r = run("pg-register-cas-serializable");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
  }

  @Test
  void redisRegisterReplicaReadIsNotLinearizable() throws Exception {
    Run r = run("redis-register-replica-read");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(checker(r).get("witness")).isNotNull();
    assertThat(r.test().get("replication-latency-ms").asInt()).isEqualTo(100);
  }

  @Test
  void badUsageExitsWith64() {
    assertThat(Faultline.execute("run", "--scenario", "no-such-scenario", "--store", store.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(Faultline.execute("run", "--client", "redis-incrby", "--workload", "set", "--store", store.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(Faultline.execute("run", "--topology", "pg-single", "--client", "redis-sadd", "--store", store.toString())).isEqualTo(ExitCode.USAGE);
  }
}
