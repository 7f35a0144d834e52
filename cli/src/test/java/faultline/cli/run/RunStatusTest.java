package faultline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.OpType;
import faultline.checker.linear.Progress;
import faultline.nemesis.Fault;
import faultline.nemesis.FaultTally;
import faultline.nemesis.NemesisSchedule;
import faultline.workloads.RunStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live line of a run and the faults it counts, fed the events a run feeds them. */
class RunStatusTest {
  private static final Fault KILL = Fault.parse("kill");
  private static final Fault HALVES = Fault.parse("partition-halves");
  private static final Fault RING = Fault.parse("partition-ring");

  private static void start(FaultTally tally, Fault fault, OpType outcome) {
    tally.record(OpType.INVOKE, fault.startF(), fault.startValue());
    tally.record(outcome, fault.startF(), "whatever the nemesis answered");
  }

  private static void stop(FaultTally tally, Fault fault) {
    tally.record(OpType.INVOKE, fault.stopF(), null);
    tally.record(OpType.INFO, fault.stopF(), null);
  }

  @Test
  void theTallyKnowsTheFaultsInEffectByTheirNamesAndCountsThem() {
    FaultTally tally = new FaultTally(List.of(KILL, HALVES, RING));
    assertThat(tally.summary()).isEqualTo("none started");
    start(tally, HALVES, OpType.INFO);
    assertThat(tally.now()).containsExactly("partition-halves"); // not partition-ring: the same f, another value
    stop(tally, HALVES);
    assertThat(tally.now()).isEmpty();
    start(tally, KILL, OpType.INFO);
    assertThat(tally.now()).containsExactly("kill");
    stop(tally, KILL);
    start(tally, KILL, OpType.FAIL);
    assertThat(tally.now()).isEmpty();
    start(tally, KILL, OpType.INFO);
    start(tally, HALVES, OpType.INFO);
    assertThat(tally.now()).containsExactly("kill", "partition-halves");
    tally.record(OpType.INVOKE, NemesisSchedule.HEAL, null);
    tally.record(OpType.INFO, NemesisSchedule.HEAL, null);
    assertThat(tally.now()).isEmpty();
    assertThat(tally.summary()).isEqualTo("partition-halves ×2, kill ×3 (1 failed)");
  }

  @Test
  void theLineSaysThePhaseAndUnderLoadTheTimeLeftTheCountsAndTheFaultsNow() {
    RunStats stats = new RunStats();
    FaultTally tally = new FaultTally(List.of(KILL));
    Progress search = new Progress();
    RunStatus progress = new RunStatus(stats, tally, Duration.ofHours(1), search);
    assertThat(progress.get()).isEqualTo("  starting");

    progress.enter(RunStatus.Phase.LOAD);
    stats.record(OpType.OK, 1000);
    stats.record(OpType.OK, 1000);
    stats.record(OpType.FAIL, 1000);
    stats.record(OpType.INFO, 1000);
    assertThat(progress.get()).matches("  load, 3600 s left, faults now: none; +[0-9,]+ ops/s  ok 2  fail 1  info 1");
    start(tally, KILL, OpType.INFO);
    assertThat(progress.get()).matches("  load, 3600 s left, faults now: kill; +[0-9,]+ ops/s  ok 2  fail 1  info 1");

    progress.enter(RunStatus.Phase.HEALING);
    assertThat(progress.get()).startsWith("  healing, faults now: kill; ").endsWith("  ok 2  fail 1  info 1");
    progress.enter(RunStatus.Phase.FINAL_READS);
    assertThat(progress.get()).startsWith("  final reads, faults now: kill; ");
    progress.enter(RunStatus.Phase.STOPPING);
    assertThat(progress.get()).isEqualTo("  stopping the servers");
    progress.enter(RunStatus.Phase.CHECKING);
    assertThat(progress.get()).matches("  checking for [0-9]+ s"); // no search counted (yet)
  }

  @Test
  void withoutFaultsTheLineNamesNone() {
    RunStatus progress = new RunStatus(new RunStats(), null, Duration.ofSeconds(30), new Progress());
    progress.enter(RunStatus.Phase.LOAD);
    assertThat(progress.get()).matches("  load, (30|29) s left; +0 ops/s  ok 0  fail 0  info 0");
  }
}
