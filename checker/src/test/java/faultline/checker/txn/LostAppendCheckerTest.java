package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import faultline.checker.set.SetResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Acknowledged appends missing from a key's final read, by hand and over simulated stores. */
class LostAppendCheckerTest {
  private static final LostAppendChecker CHECKER = new LostAppendChecker();

  @Test
  void anAcknowledgedAppendMissingFromTheFinalReadIsLostAndTheFaultIsNamed() throws Exception {
    History h = history()
        .txn(0, "ok", "[:append 1 1]")
        .nemesis("invoke", "start-partition").nemesis("info", "start-partition")
        .txn(1, "ok", "[:append 1 2] [:append 2 1]")
        .nemesis("invoke", "stop-partition").nemesis("info", "stop-partition")
        .txn(0, "ok", "[:r 1 [1]]")
        .txn(0, "ok", "[:r 2 [1]]")
        .build();
    SetResult r = CHECKER.check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.lost()).singleElement().satisfies(l -> {
      assertThat(l.key()).isEqualTo(1L);
      assertThat(l.missing()).containsExactly(2L);
    });
    Result result = CHECKER.check(h, Budget.unlimited());
    assertThat(result.name()).isEqualTo("lost-appends");
    assertThat(result.summary()).isEqualTo("3 acknowledged appends over 2 keys; 1 lost");
    assertThat(result.explanations()).extracting(e -> e.text())
        .anySatisfy(t -> assertThat(t).startsWith("1 acknowledged append was lost; it was acknowledged at event 5").contains("partition"))
        .anySatisfy(t -> assertThat(t).isEqualTo("key 1: the final read (events 8-9) lacks 1 acknowledged element: #{2}"));
    assertThat(result.witness()).singleElement().satisfies(w -> assertThat(w.invokeIndex()).isEqualTo(8));
  }

  @Test
  void everyAcknowledgedAppendInTheFinalReadIsValid() throws Exception {
    assertThat(CHECKER.check(history()
        .txn(0, "ok", "[:append 1 1] [:r 1 [1]]")
        .txn(1, "ok", "[:append 1 2]")
        .txn(1, "fail", "[:append 1 3]")
        .txn(2, "ok", "[:r 1 [1 2]]")
        .build()).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void anAppendAcknowledgedOnlyAfterTheFinalReadBeganIsNotJudgedByIt() throws Exception {
    // The read overlaps the append: it may be ordered before it.
    assertThat(CHECKER.check(history()
        .invoke(0, "[:append 1 1]")
        .invoke(1, "[:r 1 nil]")
        .complete(0, "ok", "[:append 1 1]")
        .complete(1, "ok", "[:r 1 []]")
        .build()).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void anInfoAppendMayBeAbsentAndIsRecoveredWhenPresent() throws Exception {
    SetResult r = CHECKER.check(history()
        .txn(0, "info", "[:append 1 1]")
        .txn(1, "info", "[:append 2 1]")
        .txn(2, "ok", "[:r 1 [1]] [:r 2 []]")
        .build());
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.recovered()).isEqualTo(Map.of(1L, List.of(1L)));
    assertThat(r.toJson()).containsKey("recovered-appends");
  }

  @Test
  void aReadOfAnElementNobodyAppendedIsUnexpected() throws Exception {
    SetResult r = CHECKER.check(history().txn(0, "ok", "[:append 1 1]").txn(1, "ok", "[:r 1 [1 9]]").build());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.unexpected()).containsEntry(1L, Set.of(9L));
  }

  @Test
  void aKeyWithAcknowledgedAppendsAndNoReadIsUnknownNeverValid() throws Exception {
    SetResult r = CHECKER.check(history().txn(0, "ok", "[:append 1 1]").txn(0, "ok", "[:append 2 1]").txn(1, "ok", "[:r 2 [1]]").build());
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.result().reason()).isEqualTo("1 keys have acknowledged appends but no successful read");
  }

  @Test
  void readsWithoutAnInvocationCannotBeFinalSoCompletionsOnlyAreUnknown() throws Exception {
    assertThat(CHECKER.check(history()
        .event(0, "ok", "[:append 1 1]")
        .event(1, "ok", "[:r 1 []]")
        .build()).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aMalformedMicroOpNamesTheLine() {
    assertThatThrownBy(() -> CHECKER.check(history().txn(0, "ok", "[:append 1]").build()))
        .isInstanceOf(MalformedHistoryException.class).hasMessageStartingWith("test.edn:2: malformed micro-op");
    assertThatThrownBy(() -> CHECKER.check(history().txn(0, "ok", "[:append 1 \"x\"]").build()))
        .isInstanceOf(MalformedHistoryException.class).hasMessageContaining("not a whole number");
  }

  /** A store that keeps what it acknowledged is valid; one that drops an acknowledged element is caught, naming it. */
  @Property(tries = 200)
  void aDroppedAcknowledgedAppendIsFoundAndNothingElse(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 100) int txns,
      @ForAll @IntRange(min = 1, max = 5) int keys,
      @ForAll boolean drop) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, TxnSimulation.Store.SERIALIZABLE, processes, txns, keys, 0.1, 0.05);
    List<long[]> acknowledged = new ArrayList<>(); // {key, element}
    for (Op op : sim.ops) {
      if (op.type() != OpType.OK) continue;
      for (Object m : (List<?>) op.value()) {
        List<?> mop = (List<?>) m;
        if (mop.get(0).equals("append")) acknowledged.add(new long[] {(Long) mop.get(1), (Long) mop.get(2)});
      }
    }
    long[] lost = drop && !acknowledged.isEmpty() ? acknowledged.get(rnd.nextInt(acknowledged.size())) : null;
    long reader = sim.nextProcess;
    for (long key = 0; key < keys; key++) {
      List<Long> seen = new ArrayList<>(sim.list(key));
      if (lost != null && lost[0] == key) seen.remove(Long.valueOf(lost[1]));
      sim.add(reader, OpType.INVOKE, List.of(Arrays.asList("r", key, null)));
      sim.add(reader, OpType.OK, List.of(Arrays.asList("r", key, seen)));
    }
    SetResult r = CHECKER.check(sim.history());
    if (lost == null) {
      assertThat(r.verdict()).as("seed %d: %s", seed, r.explanations()).isEqualTo(Verdict.VALID);
      assertThat(r.lost()).isEmpty();
    } else {
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.lost()).singleElement().satisfies(l -> {
        assertThat(l.key()).isEqualTo(lost[0]);
        assertThat(l.missing()).containsExactly(lost[1]);
      });
    }
  }
}
