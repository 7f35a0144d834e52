package faultline.results;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's checks of itself, on hand-made histories with known findings. */
class SelfChecksTest {
  private static final Map<String, Path> NODES = Map.of("n1", Path.of("/runs/mine/nodes/n1"));
  private static final Result VALID = Result.of("counter", Verdict.VALID).build();

  /** Builds a history event by event, numbering them. */
  private static final class Events {
    final List<Op> ops = new ArrayList<>();

    Events client(long process, OpType type, Object node) {
      ops.add(new Op(ops.size(), ops.size() * 10L, Process.client(process), type, "read", "k", 1L, null, node));
      return this;
    }

    Events nemesis(OpType type, String f, String error) {
      ops.add(new Op(ops.size(), ops.size() * 10L, Process.NEMESIS, type, f, null, null, error));
      return this;
    }

    History history() {
      return History.of("test", ops);
    }
  }

  private static Map<String, Object> served(String home) {
    return Map.of("name", "n1", "home", home, "run", "abc");
  }

  /** test.json's ran for one external PostgreSQL endpoint and one Redis one, as RunFacts writes it. */
  private static final Map<String, Object> RAN = Map.of("nodes", Map.of(
      "n1", Map.of("version", "15.8", "postmaster-start", "2026-01-01 00:00:00+00", "system-identifier", "7715",
          "data-directory", "/var/lib/postgresql/15/main"),
      "n2", Map.of("version", "7.0.15", "run-id", "r1", "config-file", "/etc/redis/redis.conf")));

  private static Map<String, Object> node(String home, String run) {
    return Map.of("name", "?", "home", home, "run", run);
  }

  @Test
  void anExternalEndpointIsItsOwnServerNotAHarnessErrorForLyingOutsideTheRunFolder() {
    // Homes outside every run folder, as an external server's are: no finding, and the verdict stands.
    History ours = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("/var/lib/postgresql/15/main", "2026-01-01 00:00:00+00 system 7715"))
        .client(1, OpType.INVOKE, null).client(1, OpType.OK, node("/etc/redis/redis.conf", "r1")).history();
    assertThat(SelfChecks.ofExternal(ours, RAN, VALID, null)).isEmpty();
    assertThat(SelfChecks.ofExternal(ours, RAN, Result.of("counter", Verdict.INVALID).build(), null)).isEmpty();
  }

  @Test
  void anotherServerAnsweringThroughAnEndpointsProxyIsAHarnessError() {
    // Same data folder, another cluster (system identifier): not the endpoint named.
    History other = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("/var/lib/postgresql/15/main", "2026-01-01 00:00:00+00 system 9999"))
        .history();
    List<SelfChecks.Finding> found = SelfChecks.ofExternal(other, RAN, VALID, null);
    assertThat(found).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_ERROR);
    assertThat(found.get(0).reason()).contains("none of the endpoints named").contains("system 9999");
    assertThat(SelfChecks.verdict(Verdict.VALID, found)).isEqualTo(Verdict.UNKNOWN);
    // A Redis of another config file.
    History redis = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("/tmp/x/redis.conf", "r1")).history();
    assertThat(SelfChecks.ofExternal(redis, RAN, VALID, null)).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_ERROR);
  }

  @Test
  void anIdentityRecordedBeforeALaterQuestionFailedStillCountsAndAHalfOneDoesNot() {
    // A managed Redis refusing CONFIG: its identity was had first.
    Map<String, Object> ran = Map.of("nodes", Map.of("n1", Map.of("run-id", "r1", "config-file", "", "error", "could not ask n1: ERR unknown command 'CONFIG'")));
    History other = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("/elsewhere/redis.conf", "r9")).history();
    assertThat(SelfChecks.ofExternal(other, ran, VALID, null)).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_ERROR);
    // A PostgreSQL whose data directory was never asked: no identity to judge by, so no finding rather than a false one.
    Map<String, Object> half = Map.of("nodes", Map.of("n1", Map.of("system-identifier", "7715", "postmaster-start", "t", "error", "x")));
    History pg = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("", "t system 7715")).history();
    assertThat(SelfChecks.ofExternal(pg, half, VALID, null)).isEmpty();
  }

  @Test
  void aRestartOfAnExternalServerIsNotedAndLeavesTheVerdict() {
    History restarted = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, node("/var/lib/postgresql/15/main", "2026-01-01 00:05:00+00 system 7715"))
        .client(1, OpType.INVOKE, null).client(1, OpType.OK, node("/etc/redis/redis.conf", "r2")).history();
    List<SelfChecks.Finding> found = SelfChecks.ofExternal(restarted, RAN, Result.of("counter", Verdict.INVALID).build(), null);
    assertThat(found).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.ENDPOINT_RESTARTED);
    assertThat(found.get(0).reason()).contains("n1").contains("n2").contains("not by faultline");
    assertThat(SelfChecks.verdict(Verdict.INVALID, found)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void aReplyFromAServerTheRunDidNotStartIsAHarnessErrorNotAnAnomaly() {
    History ours = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, served("/runs/mine/nodes/n1/redis.conf")).history();
    assertThat(SelfChecks.of(ours, NODES, true, VALID, null)).isEmpty();

    // Another run's n1 at the same address: same node name, another home.
    History foreign = new Events().client(0, OpType.INVOKE, null).client(0, OpType.OK, served("/runs/other/nodes/n1/redis.conf")).history();
    List<SelfChecks.Finding> found = SelfChecks.of(foreign, NODES, true, Result.of("counter", Verdict.INVALID).build(), null);
    assertThat(found).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_ERROR);
    assertThat(found.get(0).reason()).contains("did not start").contains("/runs/other/nodes/n1/redis.conf");
    assertThat(SelfChecks.verdict(Verdict.INVALID, found)).isEqualTo(Verdict.UNKNOWN);
    assertThat(SelfChecks.verdict(Verdict.VALID, found)).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void anOkWhileTheOnlyNodeIsDownIsImpossible() {
    History h = new Events()
        .client(0, OpType.INVOKE, null) // 0: before the kill, completes after it: a reply in flight is possible
        .nemesis(OpType.INVOKE, "start-kill", null)
        .nemesis(OpType.INFO, "start-kill", null) // 2: the node is down from here
        .client(0, OpType.OK, null)
        .client(1, OpType.INVOKE, null) // 4
        .client(1, OpType.OK, null) // 5: impossible
        .nemesis(OpType.INVOKE, "stop-kill", null)
        .client(2, OpType.INVOKE, null)
        .nemesis(OpType.INFO, "stop-kill", null)
        .client(2, OpType.OK, null)
        .history();
    List<SelfChecks.Finding> found = SelfChecks.of(h, NODES, true, VALID, null);
    assertThat(found).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_ERROR);
    assertThat(found.get(0).reason()).startsWith("1 ops completed ok while the only node was down").contains("events 4-5");
    // With replicas, another node may well answer.
    assertThat(SelfChecks.of(h, NODES, false, VALID, null)).isEmpty();
  }

  @Test
  void faultsThatAllFailedMakeAValidRunUnknown() {
    History h = new Events().nemesis(OpType.INVOKE, "start-latency", null)
        .nemesis(OpType.FAIL, "start-latency", "no link matches 'client'").history();
    List<SelfChecks.Finding> found = SelfChecks.of(h, NODES, true, VALID, Map.of("faults-started", 3, "faults-applied", 0));
    assertThat(found).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.NO_FAULTS);
    assertThat(found.get(0).reason()).contains("all 3 faults failed").contains("no link matches 'client'");
    assertThat(SelfChecks.verdict(Verdict.VALID, found)).isEqualTo(Verdict.UNKNOWN);
    assertThat(SelfChecks.verdict(Verdict.INVALID, found)).isEqualTo(Verdict.INVALID);
    assertThat(SelfChecks.of(h, NODES, true, VALID, Map.of("faults-started", 3, "faults-applied", 1))).isEmpty();
  }

  private static Result invalidWitnessAt(long invoke, long complete) {
    return Result.of("counter", Verdict.INVALID).witness(List.of(new WitnessOp(WitnessOp.ANOMALY, "k", 0L, "read", 0L, invoke, complete, null))).build();
  }

  @Test
  void anInvalidWitnessWhereAFaultFailedIsHarnessSuspect() {
    History h = new Events()
        .client(0, OpType.INVOKE, null).client(0, OpType.OK, null) // 0-1
        .nemesis(OpType.INVOKE, "stop-kill", null) // 2
        .nemesis(OpType.FAIL, "stop-kill", "restarted n1 did not answer as itself") // 3
        .client(0, OpType.INVOKE, null).client(0, OpType.OK, null) // 4-5: inside
        .nemesis(OpType.INVOKE, "heal", null).nemesis(OpType.INFO, "heal", null) // 6-7
        .client(0, OpType.INVOKE, null).client(0, OpType.OK, null) // 8-9: after the heal
        .history();
    List<SelfChecks.Finding> inside = SelfChecks.of(h, NODES, false, invalidWitnessAt(4, 5), null);
    assertThat(inside).extracting(SelfChecks.Finding::kind).containsExactly(SelfChecks.HARNESS_SUSPECT);
    assertThat(inside.get(0).reason()).contains("events 4-5").contains("stop-kill failed at event 3").contains("did not answer as itself");
    assertThat(SelfChecks.verdict(Verdict.INVALID, inside)).isEqualTo(Verdict.UNKNOWN);
    assertThat(SelfChecks.of(h, NODES, false, invalidWitnessAt(0, 1), null)).isEmpty();
    assertThat(SelfChecks.of(h, NODES, false, invalidWitnessAt(8, 9), null)).isEmpty();
  }
}
