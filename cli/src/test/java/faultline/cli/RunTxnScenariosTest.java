package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional scenarios against real servers, 10 s of list-append load each:
 * what each PostgreSQL isolation level and Redis's MULTI/EXEC guarantee, as the transactional
 * checker judges every consistency model.
 */
class RunTxnScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, JsonNode elle, Path folder) {
    /** The model's own verdict: true valid, false invalid, null unknown. */
    Boolean model(String name) {
      JsonNode valid = elle.get("models").get(name).get("valid");
      return valid.isBoolean() ? valid.asBoolean() : null;
    }

    List<String> anomalies() {
      List<String> out = new ArrayList<>();
      elle.get("anomaly-types").forEach(t -> out.add(t.asText()));
      return out;
    }
  }

  private Run run(String scenario) throws Exception {
    return run(scenario, "list-append");
  }

  private Run run(String scenario, String checker) throws Exception {
    return run(scenario, checker, "--scenario", scenario, "--time-limit=10");
  }

  /** A run of {@code args}, whose test is named {@code test}, checked by {@code checker}. */
  private Run run(String test, String checker, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("run", "--store", store.toString()));
    all.addAll(List.of(args));
    int exit = Faultline.execute(all.toArray(String[]::new));
    Path folder = store.resolve("latest").toRealPath();
    assertThat(folder.getParent().getFileName().toString()).isEqualTo(test);
    var history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL);
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());
    JsonNode stats = results.get("stats");
    assertThat(history.ops().stream().filter(op -> op.process().isClient())).hasSize(2 * (int) (stats.get("ok").asLong() + stats.get("fail").asLong() + stats.get("info").asLong()));
    assertThat(stats.get("ok").asLong()).as("committed transactions").isGreaterThan(400);
    JsonNode elle = results.get("checkers").get(0);
    assertThat(elle.get("checker").asText()).isEqualTo(checker);
    assertThat(elle.at("/txns/ok").asLong()).isEqualTo(stats.get("ok").asLong());
    return new Run(exit, results, elle, folder);
  }

  @Test
  void pgSerializableIsStrictSerializable() throws Exception {
    Run r = run("pg-append-serializable");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.model("strict-serializable")).isTrue();
    // Serializable refuses what it cannot order: 40001s are fail, recorded, never retried.
    assertThat(r.results().at("/stats/fail").asLong()).isPositive();
    assertThat(Files.readString(r.folder().resolve("history.jsonl"))).contains("40001");
  }

  @Test
  void pgSerializableUnderFaultsIsStillValidWithInfoTransactions() throws Exception {
    Run r = run("pg-append-serializable-faults", "list-append", "--scenario", "pg-append-serializable-faults", "--time-limit=20");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.model("strict-serializable")).isTrue();
    assertThat(r.results().at("/nemesis/faults-applied").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
    assertThat(r.elle().at("/txns/info").asLong()).isPositive();
  }

  @Test
  void pgRepeatableReadIsSnapshotIsolationWithWriteSkew() throws Exception {
    Run r = run("pg-append-repeatable-read");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.anomalies()).contains("G2-item").doesNotContain("G-single", "G1a", "G1b", "G1c", "internal", "lost-update");
    assertThat(r.model("serializable")).isFalse();
    assertThat(r.model("snapshot-isolation")).isTrue();
    assertThat(r.elle().get("explanations").get(0).asText()).contains("a contradiction!");
  }

  @Test
  void pgReadCommittedShowsReadSkewButNoDirtyReads() throws Exception {
    Run r = run("pg-append-read-committed");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.anomalies()).contains("G-single").doesNotContain("G1a", "G1b", "G1c", "G0");
    assertThat(r.model("snapshot-isolation")).isFalse();
    assertThat(r.model("read-committed")).isTrue();
  }

  @Test
  void redisMultiExecIsStrictSerializable() throws Exception {
    Run r = run("redis-append-multi");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.model("strict-serializable")).isTrue();
  }

  @Test
  void pgBankUnderReadCommittedLosesMoney() throws Exception {
    Run r = run("pg-bank-read-committed", "bank");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.anomalies()).contains("wrong-total");
  }

  @Test
  void pgBankLedgerUnderRepeatableReadOverdraws() throws Exception {
    Run r = run("pg-bank-repeatable-read", "bank");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    // Ledger rows are only ever inserted: the total always holds; write skew shows as overdrafts.
    assertThat(r.anomalies()).containsExactly("negative-value");
    assertThat(r.elle().get("explanations").get(0).asText()).contains("with negative balances in");
  }

  @Test
  void pgBankLedgerUnderSerializableIsValid() throws Exception {
    Run r = run("pg-bank-serializable", "bank");
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(Files.readString(r.folder().resolve("history.jsonl"))).contains("40001");
  }

  /** WATCH, GET, MULTI, SET, EXEC: a transfer whose accounts changed after WATCH aborts (fail), so every read shows the total. */
  @Test
  void redisBankByWatchAndMultiIsValidOnOneNodeAndOnACluster() throws Exception {
    Run single = run("redis-single-bank-redis-watch-bank", "bank", "--client", "redis-watch-bank", "--time-limit=5");
    assertThat(single.exit()).isEqualTo(ExitCode.VALID);
    assertThat(single.anomalies()).isEmpty();
    assertThat(Files.readString(single.folder().resolve("history.jsonl"))).contains("EXEC aborted: an account changed after WATCH");
    Run cluster = run("redis-cluster-bank-redis-watch-bank", "bank", "--topology", "redis-cluster", "--workload", "bank", "--time-limit=5");
    assertThat(cluster.exit()).isEqualTo(ExitCode.VALID);
    assertThat(Files.readString(cluster.folder().resolve("history.jsonl"))).doesNotContain("CROSSSLOT", "MOVED");
  }

  @Test
  void redisReplicaReadsRuleOutStrictSerializableButNotSerializable() throws Exception {
    Run r = run("redis-append-replica-read");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.model("strict-serializable")).isFalse();
    // A replica applies the primary's writes in order: what it shows is a prefix of one serial order.
    assertThat(r.model("serializable")).isTrue();
    assertThat(r.anomalies()).isNotEmpty().allMatch(a -> a.endsWith("-process") || a.endsWith("-realtime"));
    assertThat(r.elle().get("explanations").get(0).asText()).containsAnyOf("executed", "completed");
  }

  @Test
  void redisLuaScriptsAndClusterTransactionsAreStrictSerializable() throws Exception {
    Run lua = run("redis-single-list-append-redis-lua-append", "list-append", "--client", "redis-lua-append", "--time-limit=5",
        "--keys", "10", "--ops-per-key", "32");
    assertThat(lua.exit()).isEqualTo(ExitCode.VALID);
    assertThat(lua.model("strict-serializable")).isTrue();
    Run cluster = run("redis-cluster-list-append-redis-multi-append", "list-append", "--topology", "redis-cluster",
        "--workload", "list-append", "--time-limit=5", "--keys", "10", "--ops-per-key", "32");
    assertThat(cluster.exit()).isEqualTo(ExitCode.VALID);
    assertThat(Files.readString(cluster.folder().resolve("history.jsonl"))).doesNotContain("CROSSSLOT", "MOVED");
  }

  @Test
  void readFromAnySpreadsReadOnlyTransactionsOverPrimaryAndReplicas() throws Exception {
    Run r = run("redis-replicated-list-append-redis-lua-append", "list-append", "--topology", "redis-replicated",
        "--client", "redis-lua-append", "--read-from", "any", "--rate", "300", "--time-limit=5", "--keys", "10", "--ops-per-key", "32");
    assertThat(r.results()).isNotNull();
    assertThat(JSON.readTree(r.folder().resolve("test.json").toFile()).get("read-from").asText()).isEqualTo("any");
    // Replicas are asynchronous: any verdict but a crash; serializable holds as for replica reads.
    assertThat(r.exit()).isIn(ExitCode.VALID, ExitCode.ANOMALY);
    assertThat(r.model("serializable")).isTrue();
  }

  @Test
  void pgRegistersUnderSerializableAreValidAndUnderRepeatableReadShowWriteSkew() throws Exception {
    Run serializable = run("pg-rw-register-serializable", "rw-register");
    assertThat(serializable.exit()).isEqualTo(ExitCode.VALID);
    assertThat(serializable.model("strict-serializable")).isTrue();
    Run rr = run("pg-rw-register-repeatable-read", "rw-register");
    assertThat(rr.exit()).isEqualTo(ExitCode.ANOMALY);
    // Registers' version orders are known only in part (writes follow reads), so in 10 s the write
    // skew found is sometimes only one whose cycle needs a real-time edge.
    assertThat(rr.anomalies()).isNotEmpty().allMatch(a -> a.startsWith("G2-item"));
    assertThat(rr.model("strict-serializable")).isFalse();
    assertThat(rr.model("snapshot-isolation")).isTrue();
  }

  @Test
  void aLoadThatMadeNoOperationIsUnknownThoughItsFinalReadsAreValid() throws Exception {
    // With --time-limit 0.001 the load makes nothing; the final reads of untouched keys judge nothing.
    int exit = Faultline.execute("run", "--store", store.toString(), "--topology", "pg-single", "--workload", "list-append",
        "--time-limit", "0.001");
    JsonNode results = JSON.readTree(store.resolve("latest").toRealPath().resolve("results.json").toFile());
    if (results.get("stats").get("load-ops").asLong() > 0) {
      // A worker may still start one op within the millisecond (a busy machine's timing): then
      // something was judged, and the verdict is the checkers' own.
      assertThat(exit).isEqualTo(ExitCode.VALID);
      return;
    }
    assertThat(exit).isEqualTo(ExitCode.UNKNOWN);
    assertThat(results.get("valid").asText()).isEqualTo("unknown");
    assertThat(results.get("reason").asText()).startsWith("the load made no operation in 0.001 s").endsWith("nothing to judge");
  }
}
