package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenarios, 12 s each against real servers: their verdicts,
 * their faults in the history as nemesis ops, and no fault left behind.
 */
class RunNemesisScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, List<Op> history) {
    List<Op> nemesis() {
      return history.stream().filter(op -> op.process() == Process.NEMESIS).toList();
    }
  }

  private Run run(String scenario) throws Exception {
    return runWith("--scenario", scenario, "--time-limit=12");
  }

  private Run runWith(String... options) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--seed=6", "--store", store.toString()));
    args.addAll(List.of(options));
    int exit = Faultline.execute(args.toArray(String[]::new));
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    return new Run(exit, JSON.readTree(folder.resolve("results.json").toFile()), history);
  }

  /** Every applied fault was stopped, a heal ended the schedule, and nothing was left behind. */
  private static void assertFaultsRecordedAndHealed(Run r) {
    List<Op> nemesis = r.nemesis();
    assertThat(r.results().at("/nemesis/faults-applied").asInt()).isGreaterThanOrEqualTo(2);
    long started = nemesis.stream().filter(op -> op.type() == OpType.INFO && op.f().startsWith("start-")).count();
    long stopped = nemesis.stream().filter(op -> op.type() == OpType.INFO && op.f().startsWith("stop-")).count();
    assertThat(stopped).isEqualTo(started).isPositive();
    Op last = nemesis.get(nemesis.size() - 1);
    assertThat(last.f()).isEqualTo("heal");
    assertThat(last.type()).isEqualTo(OpType.INFO);
    assertThat(r.results().at("/nemesis/leftovers").isArray()).isTrue();
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
    // The heal came before the final reads: the last client event follows it.
    long lastClientIndex = r.history().stream().filter(op -> op.process().isClient()).mapToLong(Op::index).max().orElseThrow();
    assertThat(last.index()).isLessThan(lastClientIndex);
  }

  /** The summary names the faults applied, how many of each and how many failed, as results.json counts them. */
  @Test
  void theSummaryListsTheFaultsByNameWithTheirCounts() throws Exception {
    CheckCommandTest.Run out = CheckCommandTest.run("run", "--seed=6", "--store", store.toString(), "--topology", "redis-single",
        "--nemesis", "kill,pause", "--nemesis-interval", "1", "--time-limit", "6");
    assertThat(out.code()).as(out.err()).isIn(ExitCode.VALID, ExitCode.ANOMALY, ExitCode.UNKNOWN);
    JsonNode results = JSON.readTree(store.resolve("latest").toRealPath().resolve("results.json").toFile());
    String line = out.out().lines().filter(l -> l.startsWith("  faults: ")).findFirst().orElseThrow();
    java.util.regex.Matcher each = java.util.regex.Pattern.compile("(kill|pause) ×(\\d+)(?: \\((\\d+) failed\\))?(, |$)")
        .matcher(line.substring("  faults: ".length()));
    int started = 0;
    int failed = 0;
    int names = 0;
    while (each.find()) {
      names++;
      started += Integer.parseInt(each.group(2));
      failed += each.group(3) == null ? 0 : Integer.parseInt(each.group(3));
    }
    assertThat(names).as(line).isPositive();
    assertThat(line).matches("  faults: (kill|pause) ×\\d+( \\(\\d+ failed\\))?(, (kill|pause) ×\\d+( \\(\\d+ failed\\))?)?");
    assertThat(started).as(line).isEqualTo(results.at("/nemesis/faults-started").asInt()).isPositive();
    assertThat(started - failed).as(line).isEqualTo(results.at("/nemesis/faults-applied").asInt());
  }

  @Test
  void redisCounterUnderLatencyResetsAndKillsIsValidDespiteUncertainIncrements() throws Exception {
    Run r = run("redis-counter-incr-faults");
    assertThat(r.exit()).as("no false anomaly from timeouts").isEqualTo(ExitCode.VALID);
    assertThat(r.results().at("/stats/info").asLong() + r.results().at("/stats/fail").asLong()).as("faults hurt").isPositive();
    assertFaultsRecordedAndHealed(r);
  }

  /**
   * Majorities rings on redis-sentinel, whose peers share one proxy per node: each cut pair is
   * filtered by iptables, the partitions say so and are exact, and after the run no rule is left.
   */
  @Test
  void ringPartitionsOnRedisSentinelAreExactAndLeaveNoRule() throws Exception {
    Iptables iptables = Iptables.system();
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    Run r = runWith("--db=redis", "--topology=redis-sentinel", "--workload=set", "--nemesis=partition-ring",
        "--nemesis-interval=2", "--time-limit=10");
    assertThat(r.exit()).as("no lost add: a ring leaves the primary a majority").isEqualTo(ExitCode.VALID);
    List<Op> rings = r.nemesis().stream().filter(op -> op.type() == OpType.INFO && op.f().equals("start-partition")).toList();
    assertThat(rings).isNotEmpty().allSatisfy(op -> {
      java.util.Map<?, ?> value = (java.util.Map<?, ?>) op.value();
      assertThat(value.get("shape")).isEqualTo("ring");
      assertThat(value.get("exact")).isEqualTo(true);
      assertThat((List<?>) value.get("filtered")).as("6 nodes: 3 opposite pairs, each cut both ways").hasSize(6);
    });
    assertFaultsRecordedAndHealed(r);
    String ours = FilterChains.PREFIX + ProcessHandle.current().pid() + "-";
    assertThat(iptables.run("-S").output()).as("iptables -S after the run").doesNotContain(ours);
  }

  @Test
  void pgSetWithBlackHoledClientLinksIsValidAndSomeUncertainAddsTurnUpInTheFinalRead() throws Exception {
    Run r = run("pg-set-client-partition");
    assertThat(r.exit()).as("no false anomaly").isEqualTo(ExitCode.VALID);
    assertThat(r.results().at("/stats/info").asLong()).isPositive();
    assertThat(r.results().at("/recovered-adds/count").asLong()).as("info adds found in the final read").isPositive();
    assertThat(r.results().at("/checkers/0/lost").asLong()).isZero();
    assertFaultsRecordedAndHealed(r);
  }
}
