package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pause points without a database: who freezes, for how long, and what the stop reports. */
class PausePointsTest {

  @Test
  void aPausedWorkerFreezesAtItsNextPausePointUntilResumedAndOnlyOnce() throws Exception {
    PausePoints pauses = new PausePoints(2);
    assertThat(pauses.pause(0)).isTrue();
    assertThat(pauses.pause(0)).as("one pause at a time").isFalse();
    pauses.of(1, 1).await(); // another worker passes its pause points as ever

    CountDownLatch passed = new CountDownLatch(1);
    Thread frozen = Thread.ofVirtual().start(() -> {
      pauses.of(0, 6).await();
      passed.countDown();
    });
    // Frozen until the resume: the thread parks in the pause point (waiting is not a timing claim).
    while (frozen.getState() != Thread.State.WAITING && frozen.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
    assertThat(passed.getCount()).isOne();
    PausePoints.Freeze freeze = pauses.resume(0);
    frozen.join();
    assertThat(freeze.process()).as("the logical process that froze").isEqualTo(6);
    assertThat(freeze.millis()).isNotNegative();

    pauses.of(0, 6).await(); // resumed: its next pause points do not freeze it
  }

  @Test
  void aWorkerThatReachesNoPausePointIsNotFrozenAndTheStopSaysSo() {
    PausePoints pauses = new PausePoints(1);
    pauses.pause(0);
    assertThat(pauses.resume(0)).isNull();
    pauses.of(0, 0).await(); // lifted before it got there
  }

  @Test
  void aWorkerAbandonedWhileFrozenEndsItsOperationAndKeepsItsInterrupt() throws Exception {
    PausePoints pauses = new PausePoints(1);
    pauses.pause(0);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread frozen = Thread.ofVirtual().start(() -> {
      try {
        pauses.of(0, 0).await();
      } catch (RuntimeException e) {
        thrown.set(e);
        interrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    while (frozen.getState() != Thread.State.WAITING && frozen.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
    frozen.interrupt();
    frozen.join();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class).hasMessageContaining("process 0");
    assertThat(interrupted.get()).isTrue();
    pauses.resumeAll();
  }
}
