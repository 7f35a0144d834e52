package faultline.checker.linear;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Check;
import faultline.checker.Verdict;
import faultline.checker.history.OpType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-written histories, as small as possible, whose verdicts can be checked by eye. */
class MinimalCasesTest {

  @Nested
  class RegisterCases {
    @Test
    void sequentialWriteThenRead() {
      var h = history().invoke(0, "write", 1L).ok(0, "write", 1L).invoke(1, "read", null).ok(1, "read", 1L).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void staleReadAfterAWriteCompletedIsInvalid() {
      var h = history()
          .invoke(0, "write", 1L).ok(0, "write", 1L)
          .invoke(0, "write", 2L).ok(0, "write", 2L)
          .invoke(1, "read", null).ok(1, "read", 1L).build();
      var r = Check.linearizable(h, "register", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().stuck().f()).isEqualTo("read");
      assertThat(r.witness().candidates()).extracting(Witness.Attempt::rejection).contains("can't read 1 from register 2");
      assertThat(r.witness().prefix()).hasSize(2);
    }

    @Test
    void readOfAValueNoOneWroteIsInvalid() {
      var h = history().invoke(0, "write", 1L).invoke(1, "read", null).ok(1, "read", 3L).ok(0, "write", 1L).build();
      var r = Check.linearizable(h, "register", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't read 3");
    }

    @Test
    void crashedWriteTakesEffectAfterALaterRead() {
      // p0's write of 1 crashed; p1 reads nil, then p2 reads 1: the write landed between them.
      var h = history()
          .invoke(0, "write", 1L).info(0, "write", 1L)
          .invoke(1, "read", null).ok(1, "read", null)
          .invoke(2, "read", null).ok(2, "read", 1L).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void crashedWriteThatNeverTakesEffect() {
      var h = history()
          .invoke(0, "write", 1L).info(0, "write", 1L)
          .invoke(1, "read", null).ok(1, "read", null)
          .invoke(1, "read", null).ok(1, "read", null).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void crashedWriteCannotTakeEffectBeforeItsInvocation() {
      var h = history()
          .invoke(1, "read", null).ok(1, "read", 1L)
          .invoke(0, "write", 1L).info(0, "write", 1L).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void invocationWithoutCompletionIsCrashed() {
      var h = history().invoke(0, "write", 1L).invoke(1, "read", null).ok(1, "read", 1L).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void crashedWriteTakesEffectOnlyOnce() {
      // Once 1 was overwritten by 2, the crashed write of 1 cannot bring it back a second time.
      var h = history()
          .invoke(0, "write", 1L).info(0, "write", 1L)
          .invoke(1, "read", null).ok(1, "read", 1L)
          .invoke(1, "write", 2L).ok(1, "write", 2L)
          .invoke(1, "read", null).ok(1, "read", 1L).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void touchingIntervalsAreConcurrent() {
      // The write ends at t=10 and the read starts at t=10: they may be ordered either way.
      var h = history()
          .at(0).invoke(0, "write", 1L)
          .at(10).ok(0, "write", 1L)
          .at(10).invoke(1, "read", null)
          .at(20).ok(1, "read", null).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
      var apart = history()
          .at(0).invoke(0, "write", 1L)
          .at(10).ok(0, "write", 1L)
          .at(11).invoke(1, "read", null)
          .at(20).ok(1, "read", null).build();
      assertThat(Check.verdict(apart, "register")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void timesOutOfTheFilesOrderFollowTheFile() throws Exception {
      // By the file the write and the read overlap (valid); by the times they would not (invalid).
      // The file decides, as Knossos and Elle read it; times never reorder it.
      var h = history()
          .at(0).invoke(0, "write", 1L)
          .at(30).invoke(1, "read", null)
          .at(10).ok(0, "write", 1L)
          .at(40).ok(1, "read", null).build();
      assertThat(Check.verdict(h, "register")).isEqualTo(Verdict.VALID);
      // And the other way round: by the times they overlap; by the file the read comes after.
      var after = history()
          .at(0).invoke(0, "write", 1L)
          .at(30).ok(0, "write", 1L)
          .at(20).invoke(1, "read", null)
          .at(40).ok(1, "read", null).build();
      assertThat(Check.verdict(after, "register")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void nemesisEventsDoNotEnterTheSearch() {
      var h = history()
          .nemesis(OpType.INFO, "partition", "start")
          .invoke(0, "write", 1L).ok(0, "write", 1L)
          .nemesis(OpType.INFO, "partition", "stop")
          .invoke(1, "read", null).ok(1, "read", 1L).build();
      var r = Check.linearizable(h, "register", null);
      assertThat(r.verdict()).isEqualTo(Verdict.VALID);
      assertThat(r.operations()).isEqualTo(2);
    }

    @Test
    void initialValueIsRespected() {
      var h = history().invoke(0, "read", null).ok(0, "read", 0L).build();
      assertThat(Check.linearizable(h, "register", 0L).verdict()).isEqualTo(Verdict.VALID);
      assertThat(Check.linearizable(h, "register", null).verdict()).isEqualTo(Verdict.INVALID);
    }
  }

  @Nested
  class CasRegisterCases {
    @Test
    void failedCasDidNotHappen() {
      // The cas from 0 failed: it did not happen, whatever it would have done.
      var h = history()
          .invoke(0, "write", 0L).ok(0, "write", 0L)
          .invoke(1, "cas", List.of(0L, 5L)).fail(1, "cas", List.of(0L, 5L))
          .invoke(2, "read", null).ok(2, "read", 0L).build();
      assertThat(Check.verdict(h, "cas-register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void successfulCasNeedsItsFromValue() {
      var h = history()
          .invoke(0, "write", 1L).ok(0, "write", 1L)
          .invoke(1, "cas", List.of(2L, 3L)).ok(1, "cas", List.of(2L, 3L)).build();
      var r = Check.linearizable(h, "cas-register", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't cas from 2 to 3 from register 1");
    }

    @Test
    void concurrentCasesOrderThemselves() {
      var h = history()
          .invoke(0, "cas", List.of(2L, 3L))
          .invoke(1, "cas", List.of(1L, 2L))
          .invoke(2, "write", 1L).ok(2, "write", 1L)
          .ok(0, "cas", List.of(2L, 3L))
          .ok(1, "cas", List.of(1L, 2L))
          .invoke(2, "read", null).ok(2, "read", 3L).build();
      assertThat(Check.verdict(h, "cas-register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void crashedCasMayHappenLater() {
      var h = history()
          .invoke(0, "write", 1L).ok(0, "write", 1L)
          .invoke(1, "cas", List.of(1L, 2L)).info(1, "cas", List.of(1L, 2L))
          .invoke(2, "read", null).ok(2, "read", 1L)
          .invoke(2, "read", null).ok(2, "read", 2L).build();
      assertThat(Check.verdict(h, "cas-register")).isEqualTo(Verdict.VALID);
    }
  }

  @Nested
  class KvCases {
    @Test
    void appendsConcatenate() {
      var h = history().key("k")
          .invoke(0, "append", "a").ok(0, "append", "a")
          .invoke(0, "append", "b").ok(0, "append", "b")
          .invoke(1, "get", null).ok(1, "get", "ab").build();
      assertThat(Check.verdict(h, "kv")).isEqualTo(Verdict.VALID);
    }

    @Test
    void lostAppendIsInvalid() {
      var h = history().key("k")
          .invoke(0, "put", "x").ok(0, "put", "x")
          .invoke(0, "append", "y").ok(0, "append", "y")
          .invoke(1, "get", null).ok(1, "get", "x").build();
      assertThat(Check.verdict(h, "kv")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void keysAreIndependent() {
      var h = history()
          .key("a").invoke(0, "put", "1").ok(0, "put", "1")
          .key("b").invoke(1, "get", null).ok(1, "get", "")
          .key("a").invoke(1, "get", null).ok(1, "get", "1").build();
      var r = Check.linearizable(h, "kv", null);
      assertThat(r.verdict()).isEqualTo(Verdict.VALID);
      assertThat(r.partitions()).hasSize(2);
    }
  }

  /** A micro-op [f k v]; v may be nil, which List.of refuses. */
  static List<Object> mop(String f, String k, Object v) {
    return java.util.Arrays.asList(f, k, v);
  }

  @Nested
  class MultiRegisterCases {
    @Test
    void transactionsReadTheirRegisters() {
      var h = history()
          .invoke(0, "txn", List.of(mop("write", "x", 1L), mop("write", "y", 2L)))
          .ok(0, "txn", List.of(mop("write", "x", 1L), mop("write", "y", 2L)))
          .invoke(1, "txn", List.of(mop("read", "x", null), mop("read", "y", null)))
          .ok(1, "txn", List.of(mop("read", "x", 1L), mop("read", "y", 2L))).build();
      assertThat(Check.verdict(h, "multi-register")).isEqualTo(Verdict.VALID);
    }

    @Test
    void tornReadIsInvalid() {
      // The writes of x and y are atomic: seeing x=1 with y still nil is impossible.
      var h = history()
          .invoke(0, "txn", List.of(mop("write", "x", 1L), mop("write", "y", 2L)))
          .ok(0, "txn", List.of(mop("write", "x", 1L), mop("write", "y", 2L)))
          .invoke(1, "txn", List.of(mop("read", "x", null), mop("read", "y", null)))
          .ok(1, "txn", List.of(mop("read", "x", 1L), mop("read", "y", null))).build();
      assertThat(Check.verdict(h, "multi-register")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void disjointTransactionsArePartitioned() {
      var h = history()
          .invoke(0, "txn", List.of(mop("write", "x", 1L))).ok(0, "txn", List.of(mop("write", "x", 1L)))
          .invoke(1, "txn", List.of(mop("write", "y", 1L))).ok(1, "txn", List.of(mop("write", "y", 1L)))
          .invoke(2, "txn", List.of(mop("read", "x", null))).ok(2, "txn", List.of(mop("read", "x", 1L))).build();
      var r = Check.linearizable(h, "multi-register", null);
      assertThat(r.verdict()).isEqualTo(Verdict.VALID);
      assertThat(r.partitions()).hasSize(2);
    }
  }

  @Nested
  class SetCases {
    @Test
    void readsSeeAcknowledgedAdds() {
      var h = history()
          .invoke(0, "add", 1L).ok(0, "add", 1L)
          .invoke(1, "add", 2L)
          .invoke(2, "read", null).ok(2, "read", List.of(1L))
          .ok(1, "add", 2L)
          .invoke(2, "read", null).ok(2, "read", List.of(2L, 1L)).build();
      assertThat(Check.verdict(h, "set")).isEqualTo(Verdict.VALID);
    }

    @Test
    void lostElementIsInvalid() {
      var h = history()
          .invoke(0, "add", 1L).ok(0, "add", 1L)
          .invoke(2, "read", null).ok(2, "read", Set.of()).build();
      var r = Check.linearizable(h, "set", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't read #{} from set #{1}");
    }
  }

  @Nested
  class CounterCases {
    @Test
    void concurrentAddsExplainARead() {
      var h = history()
          .invoke(0, "add", 1L).invoke(1, "add", 2L)
          .invoke(2, "read", null).ok(2, "read", 2L)
          .ok(0, "add", 1L).ok(1, "add", 2L)
          .invoke(2, "read", null).ok(2, "read", 3L).build();
      assertThat(Check.verdict(h, "counter")).isEqualTo(Verdict.VALID);
    }

    @Test
    void readBeyondEveryAddIsInvalid() {
      var h = history()
          .invoke(0, "add", 1L).ok(0, "add", 1L)
          .invoke(2, "read", null).ok(2, "read", 5L).build();
      assertThat(Check.verdict(h, "counter")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void crashedAddMayCountOrNot() {
      var h = history()
          .invoke(0, "add", 1L).info(0, "add", 1L)
          .invoke(2, "read", null).ok(2, "read", 0L)
          .invoke(2, "read", null).ok(2, "read", 1L).build();
      assertThat(Check.verdict(h, "counter")).isEqualTo(Verdict.VALID);
    }
  }
}
