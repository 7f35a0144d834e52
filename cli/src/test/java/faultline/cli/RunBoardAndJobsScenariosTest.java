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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaderboard, scheduled-jobs and session scenarios against real servers (10 to 25 s each),
 * each ending with its expected exit code, and the witness it is for: scores below what was
 * acknowledged, a job run by two workers, a frozen worker that kept its row locked, a session
 * gone early while the server's clock was ahead.
 */
class RunBoardAndJobsScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, List<Op> history) {
    JsonNode checker(String name) {
      for (JsonNode c : results.get("checkers")) if (c.get("checker").asText().equals(name)) return c;
      throw new AssertionError("no checker " + name + " in " + results.get("checkers"));
    }

    List<Op> nemesis(String f) {
      return history.stream().filter(op -> op.process() == Process.NEMESIS && op.f().equals(f) && op.type() == OpType.INFO).toList();
    }
  }

  private Run run(String scenario, int seconds) throws Exception {
    int exit = Faultline.execute("run", "--scenario", scenario, "--time-limit=" + seconds, "--seed=6", "--store", store.toString());
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    return new Run(exit, JSON.readTree(folder.resolve("results.json").toFile()), history);
  }

  private static List<String> types(JsonNode checker) {
    List<String> out = new ArrayList<>();
    checker.path("explanation-data").forEach(e -> out.add(e.get("type").asText()));
    return out;
  }

  @Test
  void zincrbyIsValid() throws Exception {
    Run r = run("leaderboard-incr", 10);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("top-k").get("top-reads").asLong()).isGreaterThan(100);
    assertThat(r.checker("member-scores").get("reads").asLong()).isGreaterThan(100);
  }

  @Test
  void readAddWriteBackLosesIncrements() throws Exception {
    Run r = run("leaderboard-get-set", 10);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(types(r.checker("member-scores"))).contains("lost-update");
    assertThat(types(r.checker("top-k"))).contains("lost-update");
  }

  @Test
  void selectThenUpdateOfTheSumLosesIncrementsInPostgres() throws Exception {
    Run r = run("pg-leaderboard-select-update", 10);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertThat(types(r.checker("member-scores"))).contains("lost-update");
  }

  @Test
  void aSentinelFailoverLosesAcknowledgedIncrements() throws Exception {
    Run r = run("redis-leaderboard-failover", 25);
    assertThat(r.nemesis("start-failover")).as("failovers started").isNotEmpty();
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    // The final read of each board, after the heal, shows scores below what was acknowledged.
    assertThat(types(r.checker("top-k"))).contains("lost-update");
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
  }

  @Test
  void aWorkerStalledPastItsLeaseRunsAJobAnotherWorkerRanToo() throws Exception {
    Run r = run("redis-jobs-lease-pause", 15);
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    JsonNode jobs = r.checker("jobs");
    assertThat(types(jobs)).contains("ran-twice");
    for (JsonNode e : jobs.get("explanation-data")) {
      if (!e.get("type").asText().equals("ran-twice")) continue;
      // Two workers, each named with its events; the first is the one a pause froze past its lease.
      assertThat(e.get("processes")).hasSize(2);
      Set<Long> processes = new HashSet<>();
      e.get("processes").forEach(p -> processes.add(p.asLong()));
      assertThat(processes).hasSize(2);
      assertThat(e.get("text").asText()).contains("after the first one's lease of 1000 ms could have run out");
    }
    assertThat(r.nemesis("stop-client-pause")).anySatisfy(op -> assertThat(((Map<?, ?>) op.value()).get("froze")).isEqualTo(true));
  }

  @Test
  void skipLockedRunsEachJobOnceUnderTheSamePauses() throws Exception {
    Run r = run("pg-jobs-skip-locked", 15);
    assertThat(r.nemesis("stop-client-pause")).anySatisfy(op -> assertThat(((Map<?, ?>) op.value()).get("froze")).isEqualTo(true));
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("jobs").get("runs").asLong()).isGreaterThan(100);
  }

  @Test
  void sessionsExpireOnTimeWithATrueClock() throws Exception {
    Run r = run("redis-session", 10);
    assertThat(r.exit()).isEqualTo(ExitCode.VALID);
    assertThat(r.checker("expiring-register").get("reads").asLong()).isGreaterThan(100);
  }

  @Test
  void aServerClockJumpAheadExpiresSessionsEarly() throws Exception {
    Run r = run("redis-session-clock-jump", 10);
    assertThat(r.nemesis("start-clock-jump")).as("jumps applied").isNotEmpty();
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    JsonNode sessions = r.checker("expiring-register");
    assertThat(types(sessions)).contains("expired-early");
    // The result says what the clocks allowed: the server's clock ahead, by less than the jump.
    long ahead = sessions.get("server-clock-ahead-at-least-ms").asLong();
    assertThat(ahead).isPositive().isLessThanOrEqualTo(3000);
  }
}
