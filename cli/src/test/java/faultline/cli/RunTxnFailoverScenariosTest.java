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
 * Issue 16's failover scenarios against real servers, 25 s of list-append load each: acknowledged
 * appends are lost across a failover, and the lost elements are listed. The loss is computed here
 * from the history, apart from the checker, and must agree with it; every lost append was
 * acknowledged while a failover was under way.
 */
class RunTxnFailoverScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  /** PostgreSQL runs as user postgres and must enter the run folder; JUnit makes temp folders private. */
  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode results, List<Op> history) {
    List<Op> nemesis(String f, OpType type) {
      return history.stream().filter(op -> op.process() == Process.NEMESIS && op.f().equals(f) && op.type() == type).toList();
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
          if (mop.get(0).equals("append") && !lastRead.get((Long) mop.get(1)).contains(mop.get(2))) {
            lost.add(new long[] {(Long) mop.get(1), (Long) mop.get(2), op.time()});
          }
        }
      }
      return lost;
    }
  }

  private Run run(String scenario) throws Exception {
    int exit = Faultline.execute("run", "--scenario", scenario, "--time-limit=25", "--seed=6", "--store", store.toString());
    Path folder = store.resolve("latest").toRealPath();
    List<Op> history = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops();
    return new Run(exit, JSON.readTree(folder.resolve("results.json").toFile()), history);
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
