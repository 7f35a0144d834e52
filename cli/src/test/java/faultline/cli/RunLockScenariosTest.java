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
 * The lock scenarios against real servers, 12 to 20 s each: each one's exit code, and what its
 * verdict rests on (both holders named, the stale write refused, the session released).
 */
class RunLockScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, List<Op> history) {
    /** One checker's result in results.json. */
    JsonNode checker(String name) {
      for (JsonNode c : results.at("/checkers")) if (c.at("/checker").asText().equals(name)) return c;
      throw new AssertionError("no checker " + name + " in " + results);
    }

    List<Op> faults(String f) {
      return history.stream().filter(op -> op.process() == Process.NEMESIS && op.type() == OpType.INFO && op.f().equals(f)).toList();
    }
  }

  private Run run(String scenario, int seconds) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--scenario", scenario, "--time-limit=" + seconds, "--seed=6", "--store", store.toString()));
    int exit = Faultline.execute(args.toArray(String[]::new));
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    return new Run(exit, JSON.readTree(folder.resolve("results.json").toFile()), history);
  }

  @Test
  void aHolderStalledPastItsLeaseMakesTwoHoldersAndLosesIncrements() throws Exception {
    Run r = run("redis-lock-client-pause", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    JsonNode mutex = r.checker("mutex");
    assertThat(mutex.at("/valid").asBoolean(true)).isFalse();
    String witness = mutex.at("/explanations/0").asText();
    assertThat(witness).contains("two holders at once").contains("lease 1000 ms").contains("client-pause");
    assertThat(mutex.at("/explanation-data/0/first/process").isNumber()).isTrue();
    assertThat(mutex.at("/explanation-data/0/second/process").isNumber()).isTrue();
    assertThat(r.checker("resource").at("/valid").asBoolean(true)).isFalse();
  }

  @Test
  void fencingTokensRefuseTheStaleHolderAndNothingIsLost() throws Exception {
    Run r = run("redis-lock-fenced-client-pause", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    JsonNode fencing = r.checker("fencing");
    // The stale holder's write was refused: a newer holder had written while it believed it held the
    // lock. (The count of two holders "beyond doubt" can be 0 when a release was in flight at the
    // stalled acquire: see RunCrossStoreLockScenariosTest.)
    assertThat(fencing.at("/refused-stale").asInt()).isPositive();
    assertThat(r.checker("resource").at("/valid").asBoolean()).isTrue();
  }

  @Test
  void aClockJumpExpiresLeasesInUse() throws Exception {
    Run r = run("redis-lock-clock-jump", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.faults("start-clock-jump")).isNotEmpty()
        .allSatisfy(op -> assertThat(((Map<?, ?>) op.value()).get("offset-ms")).isEqualTo(60_000L));
    assertThat(r.checker("mutex").at("/valid").asBoolean(true)).isFalse();
    assertThat(r.checker("mutex").at("/explanations/0").asText()).contains("clock-jump");
  }

  @Test
  void aSentinelFailoverLosesLocksAndIncrements() throws Exception {
    Run r = run("redis-lock-sentinel-failover", 20);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.faults("start-failover")).isNotEmpty();
  }

  @Test
  void redissonsWatchdogKeepsAStalledHoldersLease() throws Exception {
    Run r = run("redisson-lock-client-pause", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    // A holder was frozen, for longer than the 1 s watchdog timeout, and kept its lock.
    assertThat(r.faults("stop-client-pause")).anySatisfy(op -> {
      assertThat(((Map<?, ?>) op.value()).get("froze")).isEqualTo(true);
      assertThat(((Number) ((Map<?, ?>) op.value()).get("frozen-ms")).longValue()).isGreaterThan(1_000);
    });
  }

  @Test
  void redissonOnSentinelMakesTwoHoldersInAFailover() throws Exception {
    Run r = run("redisson-lock-failover", 20);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    // Two holders in most runs; in some (CI, seed 6) no two acquires were seen to overlap, and the
    // counter's acknowledged writes were lost with the old primary instead: either is the lock failing.
    assertThat(!r.checker("mutex").at("/valid").asBoolean(true) || !r.checker("resource").at("/valid").asBoolean(true))
        .as("two holders, or the protected counter's increments lost").isTrue();
  }

  @Test
  void anAdvisoryLockHoldsAndALostSessionIsARelease() throws Exception {
    Run r = run("pg-advisory-lock", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("mutex").at("/acquired").asInt()).isPositive();
  }

  @Test
  void aRowLockHolds() throws Exception {
    Run r = run("pg-row-lock", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("mutex").at("/acquired").asInt()).isPositive();
  }

  @Test
  void shedLockRunsTheTaskOnOneNodeAtATime() throws Exception {
    Run r = run("shedlock-jdbc", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("mutex").at("/acquired").asInt()).isPositive();
    assertThat(r.checker("mutex").at("/acquire-refused").asInt()).isPositive(); // other nodes skipped the task meanwhile
  }

  @Test
  void aShedLockNodeStalledPastLockAtMostForMakesADoubleRun() throws Exception {
    Run r = run("shedlock-jdbc-client-pause", 12);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.checker("mutex").at("/valid").asBoolean(true)).isFalse();
    assertThat(r.checker("mutex").at("/explanations/0").asText()).contains("two holders at once").contains("client-pause");
    assertThat(r.checker("resource").at("/valid").asBoolean(true)).isFalse();
  }
}
