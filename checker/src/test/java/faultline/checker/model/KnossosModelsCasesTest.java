package faultline.checker.model;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Check;
import faultline.checker.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-made minimal histories of the mutex and the two queues, valid and invalid, by eye. */
class KnossosModelsCasesTest {

  @Nested
  class MutexCases {
    @Test
    void acquireReleaseAcquireIsValid() {
      var h = history().invoke(0, "acquire", null).ok(0, "acquire", null).invoke(0, "release", null).ok(0, "release", null)
          .invoke(1, "acquire", null).ok(1, "acquire", null).build();
      assertThat(Check.verdict(h, "mutex")).isEqualTo(Verdict.VALID);
    }

    @Test
    void twoHoldersAtOnceAreInvalidWithAWitnessInWords() {
      var h = history().invoke(0, "acquire", null).ok(0, "acquire", null).invoke(1, "acquire", null).ok(1, "acquire", null).build();
      var r = Check.linearizable(h, "mutex", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't acquire: the lock is already held");
    }

    @Test
    void releasingAFreeLockIsInvalid() {
      var h = history().invoke(0, "release", null).ok(0, "release", null).build();
      assertThat(Check.linearizable(h, "mutex", null).witness().explain()).contains("can't release: the lock is not held");
    }

    @Test
    void aCrashedReleaseMayExplainASecondAcquire() {
      var h = history().invoke(0, "acquire", null).ok(0, "acquire", null).invoke(0, "release", null).info(0, "release", null)
          .invoke(1, "acquire", null).ok(1, "acquire", null).build();
      assertThat(Check.verdict(h, "mutex")).isEqualTo(Verdict.VALID);
    }

    @Test
    void concurrentAcquiresOneFailedAreValid() {
      var h = history().invoke(0, "acquire", null).invoke(1, "acquire", null).ok(0, "acquire", null).fail(1, "acquire", null).build();
      assertThat(Check.verdict(h, "mutex")).isEqualTo(Verdict.VALID);
    }
  }

  @Nested
  class FifoQueueCases {
    @Test
    void dequeuesInEnqueueOrderAreValid() {
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(0, "enqueue", 2L).ok(0, "enqueue", 2L)
          .invoke(1, "dequeue", null).ok(1, "dequeue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", 2L).build();
      assertThat(Check.verdict(h, "fifo-queue")).isEqualTo(Verdict.VALID);
      assertThat(Check.verdict(h, "unordered-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void dequeueOutOfOrderIsInvalidForFifoOnly() {
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(0, "enqueue", 2L).ok(0, "enqueue", 2L)
          .invoke(1, "dequeue", null).ok(1, "dequeue", 2L).build();
      var r = Check.linearizable(h, "fifo-queue", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't dequeue 2: the head of the queue is 1 (queue [1 2])");
      assertThat(Check.verdict(h, "unordered-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void concurrentEnqueuesMayBeDequeuedInEitherOrder() {
      var h = history().invoke(0, "enqueue", 1L).invoke(1, "enqueue", 2L).ok(0, "enqueue", 1L).ok(1, "enqueue", 2L)
          .invoke(2, "dequeue", null).ok(2, "dequeue", 2L).build();
      assertThat(Check.verdict(h, "fifo-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void anEmptyDequeueOfANonEmptyQueueIsInvalid() {
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", null).build();
      var r = Check.linearizable(h, "fifo-queue", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't find the queue empty: it holds [1]");
      assertThat(Check.verdict(h, "unordered-queue")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aCrashedDequeueMayHaveTakenTheHead() {
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(0, "enqueue", 2L).ok(0, "enqueue", 2L)
          .invoke(1, "dequeue", null).info(1, "dequeue", null)
          .invoke(2, "dequeue", null).ok(2, "dequeue", 2L).build();
      assertThat(Check.verdict(h, "fifo-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void dequeueOfAnElementNobodyEnqueuedIsInvalid() {
      var h = history().invoke(0, "dequeue", null).ok(0, "dequeue", 7L).build();
      assertThat(Check.linearizable(h, "fifo-queue", null).witness().explain()).contains("can't dequeue 7 from an empty queue");
    }
  }

  @Nested
  class UnorderedQueueCases {
    @Test
    void anElementIsDequeuedAsOftenAsItWasEnqueued() {
      var once = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L)
          .invoke(1, "dequeue", null).ok(1, "dequeue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", 1L).build();
      var r = Check.linearizable(once, "unordered-queue", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't dequeue 1: the queue is empty");
      var twice = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L)
          .invoke(1, "dequeue", null).ok(1, "dequeue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", 1L).build();
      assertThat(Check.verdict(twice, "unordered-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void aDequeueBeforeItsEnqueueIsInvalidWithTheQueueInWords() {
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", 2L)
          .invoke(0, "enqueue", 2L).ok(0, "enqueue", 2L).build();
      var r = Check.linearizable(h, "unordered-queue", null);
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.witness().explain()).contains("can't dequeue 2: no 2 is pending (the queue holds {1})");
    }

    @Test
    void aCrashedDequeueNeverTakesEffectAsInKnossos() {
      // It may have taken 1, which would explain the empty dequeue; the model cannot choose which
      // element it took, so it takes it never to have happened, as Knossos does (docs/checking.md: differences).
      var h = history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(1, "dequeue", null).info(1, "dequeue", null)
          .invoke(2, "dequeue", null).ok(2, "dequeue", null).build();
      assertThat(Check.verdict(h, "unordered-queue")).isEqualTo(Verdict.INVALID);
      assertThat(Check.verdict(h, "fifo-queue")).isEqualTo(Verdict.VALID);
    }

    @Test
    void aCrashedEnqueueMayTakeEffect() {
      var h = history().invoke(0, "enqueue", 1L).info(0, "enqueue", 1L).invoke(1, "dequeue", null).ok(1, "dequeue", 1L).build();
      assertThat(Check.verdict(h, "unordered-queue")).isEqualTo(Verdict.VALID);
    }
  }

  @Test
  void modelsAreGuessedFromTheirFunctions() {
    assertThat(ModelGuess.guess(faultline.checker.Check.paired(history().invoke(0, "acquire", null).ok(0, "acquire", null).build())))
        .isEqualTo("mutex");
    assertThat(ModelGuess.guess(faultline.checker.Check.paired(history().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).build())))
        .isEqualTo("unordered-queue");
  }
}
