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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover scenarios of issues 6 and 16 against real servers (25 s each), sets and
 * list-append transactions: clients follow the new primary, and the verdict is what the
 * replication mode allows. A loss is computed here from the history, apart from the checker, and
 * must agree with it; it must be explained by a failover: every lost add or append was
 * acknowledged while one was under way, never between them. A run
 * may fail over more than once; each failover starts from the primary the last one promoted.
 */
class RunFailoverScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, List<Op> history) {
    List<Op> nemesis(String f, OpType type) {
      return history.stream().filter(op -> op.process() == Process.NEMESIS && op.f().equals(f) && op.type() == type).toList();
    }

    /** Acknowledged adds missing from their key's final read, computed here apart from the checker. */
    List<Op> lostAdds() {
      Map<Object, List<?>> finalRead = new HashMap<>();
      for (Op op : history) {
        if (op.process().isClient() && op.type() == OpType.OK && op.f().equals("read")) finalRead.put(op.key(), (List<?>) op.value());
      }
      List<Op> lost = new ArrayList<>();
      for (Op op : history) {
        if (!op.process().isClient() || op.type() != OpType.OK || !op.f().equals("add")) continue;
        List<?> read = finalRead.get(op.key());
        if (read != null && !read.contains(op.value())) lost.add(op);
      }
      return lost;
    }

    /** The checker's result by name. */
    JsonNode checker(String name) {
      for (JsonNode c : results.get("checkers")) if (c.get("checker").asText().equals(name)) return c;
      throw new AssertionError("no checker " + name + " in " + results.get("checkers"));
    }

    /** {key, element, acknowledgement time} of each acknowledged append missing from its key's last read. */
    List<long[]> lostAppends() {
      Map<Long, List<?>> lastRead = new HashMap<>();
      for (Op op : history) {
        if (!op.process().isClient() || op.type() != OpType.OK) continue;
        for (Object m : (List<?>) op.value()) {
          List<?> mop = (List<?>) m;
          if (mop.get(0).equals("r")) lastRead.put((Long) mop.get(1), (List<?>) mop.get(2));
        }
      }
      List<long[]> lost = new ArrayList<>();
      for (Op op : history) {
        if (!op.process().isClient() || op.type() != OpType.OK) continue;
        for (Object m : (List<?>) op.value()) {
          List<?> mop = (List<?>) m;
          List<?> read = lastRead.get((Long) mop.get(1));
          if (mop.get(0).equals("append") && read != null && !read.contains(mop.get(2))) {
            lost.add(new long[] {(Long) mop.get(1), (Long) mop.get(2), op.time()});
          }
        }
      }
      return lost;
    }
  }

  private Run run(String scenario, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--scenario", scenario, "--time-limit=25", "--seed=6", "--store", store.toString()));
    args.addAll(List.of(options));
    int exit = Faultline.execute(args.toArray(String[]::new));
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    return new Run(exit, JSON.readTree(folder.resolve("results.json").toFile()), history);
  }

  /** Every failover started ended, a heal followed before the final reads, and nothing is left behind. */
  private static void assertFailedOverAndHealed(Run r) {
    assertThat(r.nemesis("start-failover", OpType.INFO)).as("failovers started").isNotEmpty();
    assertThat(r.nemesis("stop-failover", OpType.INFO)).as("failovers ended").hasSameSizeAs(r.nemesis("start-failover", OpType.INFO));
    List<Op> heals = r.nemesis("heal", OpType.INFO);
    assertThat(heals).hasSize(1);
    long lastClientIndex = r.history().stream().filter(op -> op.process().isClient()).mapToLong(Op::index).max().orElseThrow();
    assertThat(heals.get(0).index()).as("healed before the final reads").isLessThan(lastClientIndex);
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
  }

  /**
   * Each PostgreSQL failover fenced the primary the previous one promoted (n1 first), and the stop
   * rewound it into a replica, so none is left down; both other nodes stream from the new primary.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> assertEachFailoverStartedFromTheLastPromoted(Run r) {
    List<Map<String, Object>> stops = r.nemesis("stop-failover", OpType.INFO).stream().map(op -> (Map<String, Object>) op.value()).toList();
    String primary = "n1";
    for (Map<String, Object> stop : stops) {
      assertThat(stop.get("fenced")).isEqualTo(primary);
      assertThat((List<Object>) stop.get("rewound")).contains(primary);
      assertThat((List<Object>) stop.get("replicas")).hasSize(2).contains(primary).doesNotContain(stop.get("promoted"));
      assertThat(stop.get("problems")).isNull();
      primary = (String) stop.get("promoted");
    }
    assertThat(r.results().at("/nemesis/fenced").isMissingNode()).as("no fenced primary left down").isTrue();
    return stops;
  }

  /** Clients found the new primary: adds were acknowledged after the first failover ended. */
  private static void assertClientsFollowedTheNewPrimary(Run r) {
    long ended = r.nemesis("stop-failover", OpType.INFO).get(0).time();
    assertThat(r.history()).anySatisfy(op -> {
      assertThat(op.f()).isEqualTo("add");
      assertThat(op.type()).isEqualTo(OpType.OK);
      assertThat(op.time()).isGreaterThan(ended);
    });
  }

  /** Every lost add was acknowledged after a failover began and before it ended. */
  private static void assertLostOnlyDuringTheFailover(Run r) {
    List<Op> starts = r.nemesis("start-failover", OpType.INVOKE);
    List<Op> stops = r.nemesis("stop-failover", OpType.INFO);
    List<Op> lost = r.lostAdds();
    assertThat(lost).isNotEmpty();
    assertThat(lost).allSatisfy(add -> assertThat(IntStream.range(0, stops.size())
            .anyMatch(i -> add.time() >= starts.get(i).time() && add.time() <= stops.get(i).time()))
        .as("add %s acknowledged at %d ns inside a failover", add.value(), add.time()).isTrue());
    assertThat(r.results().at("/checkers/0/lost").asLong()).as("the checker finds the same loss").isEqualTo(lost.size());
  }

  @Test
  void sentinelFailoverOfAnIsolatedPrimaryLosesTheAddsItAcknowledged() throws Exception {
    Run r = run("redis-sentinel-set-partition");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertFailedOverAndHealed(r);
    assertThat(r.nemesis("start-failover", OpType.INFO).get(0).value())
        .as("the sentinels named a new primary").asString().contains("new-primary=n");
    assertLostOnlyDuringTheFailover(r);
    assertThat(r.results().at("/checkers/0/explanations/0").asText()).as("the loss tied to its fault")
        .contains("acknowledged adds were lost").contains("while failover (events");
    assertThat(r.results().at("/checkers/0/explanations/1").asText()).contains("lacks").contains("acknowledged elements");
    assertClientsFollowedTheNewPrimary(r);
  }

  @Test
  void clusterFailoverOfAnIsolatedShardPrimaryLosesTheAddsItAcknowledged() throws Exception {
    Run r = run("redis-cluster-set-failover");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertFailedOverAndHealed(r);
    assertThat(r.nemesis("start-failover", OpType.INFO)).allSatisfy(start ->
        assertThat(start.value()).as("the shard's replica took over").asString().contains("new-primary=n"));
    assertLostOnlyDuringTheFailover(r);
    assertClientsFollowedTheNewPrimary(r);
  }

  @Test
  void asynchronousReplicationLosesCommitsThePromotedReplicaNeverReceived() throws Exception {
    Run r = run("pg-failover-async-lost-writes");
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    assertFailedOverAndHealed(r);
    assertEachFailoverStartedFromTheLastPromoted(r);
    assertLostOnlyDuringTheFailover(r);
    assertThat(r.results().at("/checkers/0/explanations/1").asText()).contains("lacks");
  }

  @Test
  void remoteApplyLosesNothingAcknowledged() throws Exception {
    Run r = run("pg-failover-sync-no-loss");
    assertThat(r.exit()).as("nothing acknowledged lost").isEqualTo(ExitCode.VALID);
    assertFailedOverAndHealed(r);
    assertEachFailoverStartedFromTheLastPromoted(r);
    assertThat(r.lostAdds()).isEmpty();
    assertThat(r.results().at("/checkers/0/lost").asLong()).isZero();
    // Commits during the cut waited for a replica that could not answer: they ended info.
    long started = r.nemesis("start-failover", OpType.INFO).get(0).time();
    long ended = r.nemesis("stop-failover", OpType.INVOKE).get(0).time();
    assertThat(r.history()).anySatisfy(op -> {
      assertThat(op.f()).isEqualTo("add");
      assertThat(op.type()).isEqualTo(OpType.INFO);
      assertThat(op.time()).isBetween(started, ended + 2_000_000_000L);
    });
    assertClientsFollowedTheNewPrimary(r);
  }

  /**
   * Failovers every 3 s: at least two in the run, the second from the primary the first promoted
   * (which waits for the two others as its synchronous standbys); still nothing acknowledged is
   * lost, and adds are acknowledged after the last failover of the load (clients followed every
   * promotion).
   */
  @Test
  void remoteApplyLosesNothingAcknowledgedAcrossRepeatedFailovers() throws Exception {
    Run r = run("pg-failover-sync-no-loss", "--nemesis-interval=3");
    assertThat(r.exit()).as("nothing acknowledged lost").isEqualTo(ExitCode.VALID);
    assertFailedOverAndHealed(r);
    List<Map<String, Object>> stops = assertEachFailoverStartedFromTheLastPromoted(r);
    assertThat(stops).as("failovers in one run").hasSizeGreaterThanOrEqualTo(2);
    assertThat(stops.get(1).get("fenced")).isEqualTo(stops.get(0).get("promoted"));
    assertThat(r.lostAdds()).isEmpty();
    assertThat(r.results().at("/checkers/0/lost").asLong()).isZero();
    // The last promotion with load still running for 2 s (one may end only with the run, at the
    // heal, when no client is left to follow it; a busy machine makes that likelier).
    long loadEnds = 25_000_000_000L - 2_000_000_000L;
    List<Op> promotedDuringLoad = r.nemesis("stop-failover", OpType.INFO).stream().filter(op -> op.time() < loadEnds).toList();
    assertThat(promotedDuringLoad).as("promotions while the load ran").isNotEmpty();
    long lastPromotion = promotedDuringLoad.get(promotedDuringLoad.size() - 1).time();
    assertThat(r.history()).anySatisfy(op -> {
      assertThat(op.f()).isEqualTo("add");
      assertThat(op.type()).isEqualTo(OpType.OK);
      assertThat(op.time()).isGreaterThan(lastPromotion);
    });
  }

  /**
   * A failover happened and healed before the final reads; the checker lists the same lost
   * elements as this test finds; each was acknowledged inside a failover; and the explanation ties
   * the loss to the failover.
   */
  private static void assertAppendsLostInTheFailover(Run r) {
    assertThat(r.exit()).isEqualTo(ExitCode.ANOMALY);
    List<Op> starts = r.nemesis("start-failover", OpType.INVOKE);
    List<Op> stops = r.nemesis("stop-failover", OpType.INFO);
    assertThat(starts).as("failovers started").isNotEmpty();
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();

    List<long[]> lost = r.lostAppends();
    assertThat(lost).as("acknowledged appends missing from the final reads").isNotEmpty();
    assertThat(lost).allSatisfy(a -> assertThat(IntStream.range(0, stops.size())
            .anyMatch(i -> a[2] >= starts.get(i).time() && a[2] <= stops.get(i).time()))
        .as("append of %d to key %d acknowledged at %d ns inside a failover", a[1], a[0], a[2]).isTrue());

    JsonNode check = r.checker("lost-appends");
    assertThat(check.get("valid").asBoolean()).isFalse();
    assertThat(check.get("lost").asLong()).as("the checker finds the same loss").isEqualTo(lost.size());
    assertThat(check.get("explanations").get(0).asText()).contains("acknowledged appends were lost").contains("while failover (events");
    // The lost elements are listed, key by key.
    long[] one = lost.get(0);
    assertThat(check.get("explanations")).anySatisfy(e -> assertThat(e.asText())
        .startsWith("key " + one[0] + ": the final read").contains("acknowledged element").contains(Long.toString(one[1])));
  }

  @Test
  void sentinelFailoverLosesTheAppendsTheIsolatedPrimaryAcknowledged() throws Exception {
    assertAppendsLostInTheFailover(run("redis-sentinel-append-failover"));
  }

  @Test
  void clusterFailoverLosesTheAppendsTheIsolatedShardPrimaryAcknowledged() throws Exception {
    Run r = run("redis-cluster-append-failover");
    assertAppendsLostInTheFailover(r);
    assertThat(r.nemesis("start-failover", OpType.INFO)).allSatisfy(start ->
        assertThat(start.value()).as("the shard's replica took over").asString().contains("new-primary=n"));
  }

  @Test
  void asynchronousPostgresFailoverLosesCommittedAppends() throws Exception {
    assertAppendsLostInTheFailover(run("pg-append-failover-async"));
  }
}
