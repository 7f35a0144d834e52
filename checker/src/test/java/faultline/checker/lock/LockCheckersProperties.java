package faultline.checker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Checkers;
import faultline.checker.Histories;
import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import faultline.checker.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Histories of a real lock and the counter it protects, under random concurrency: each holder
 * acquires (a try-lock), reads the counter, writes it back plus one, and releases, each step taking
 * effect at one moment between its invocation and its completion. Processes crash (their op ends
 * info, with or without effect) and are retired; the server releases a crashed holder's lock some
 * time later. With {@code expiring}, the server also ends a live holder's lease at random (a paused
 * holder), so two clients believe they hold the lock; the resource then fences by token.
 *
 * <p>Correct histories are valid: the mutex and the counter without expiry, the counter and
 * fencing with it. An injected violation is caught: more holders at the end than any release can
 * separate; a read below what was acknowledged; a stale token accepted.
 */
class LockCheckersProperties {
  private static final String KEY = "l0";

  /** The simulated system and its history. */
  private static final class Sim {
    final Random rnd;
    final boolean expiring;
    final List<Op> events = new ArrayList<>();
    Long holder; // the process holding the lock, as the server has it
    long counter;
    long tokens;
    long newestSeen; // the resource's newest token
    long nextProcess;
    int crashes;
    final List<Long> crashedHolders = new ArrayList<>(); // whose locks the server will release

    Sim(Random rnd, boolean expiring) {
      this.rnd = rnd;
      this.expiring = expiring;
    }

    void event(long process, OpType type, String f, Object value) {
      events.add(new Op(events.size(), events.size(), Process.client(process), type, f, KEY, value, null));
    }
  }

  /** One process: what it believes and the op it has in flight. */
  private static final class Proc {
    long id;
    boolean holds; // believes it holds the lock
    long token;
    boolean added;
    String f; // op in flight, or null
    Object invoked;
    boolean effected;
    Object result; // what the effect returned, or FAILED
    Long read; // an add's read, between its two steps
  }

  private static final Object FAILED = new Object();

  private static Sim simulate(long seed, int processes, int steps, double crash, boolean expiring) {
    Sim s = new Sim(new Random(seed), expiring);
    List<Proc> procs = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      Proc p = new Proc();
      p.id = s.nextProcess++;
      procs.add(p);
    }
    for (int i = 0; i < steps; i++) {
      if (!s.crashedHolders.isEmpty() && s.rnd.nextInt(4) == 0) { // the server ends a crashed holder's session
        Long crashed = s.crashedHolders.remove(0);
        if (crashed.equals(s.holder)) s.holder = null;
      }
      if (expiring && s.holder != null && s.rnd.nextInt(10) == 0) s.holder = null; // a lease runs out
      step(s, procs.get(s.rnd.nextInt(procs.size())), crash);
    }
    for (Proc p : procs) while (p.f != null) step(s, p, 0); // everything in flight completes
    return s;
  }

  private static void step(Sim s, Proc p, double crash) {
    if (p.f == null) {
      p.f = !p.holds ? (s.rnd.nextInt(5) == 0 ? "read" : "acquire") : !p.added ? "add" : "release";
      p.invoked = p.f.equals("add") ? (s.expiring ? Map.of(LockOps.BY, 1L, LockOps.TOKEN, p.token) : (Object) 1L) : null;
      p.effected = false;
      p.read = null;
      s.event(p.id, OpType.INVOKE, p.f, p.invoked);
      return;
    }
    if (!p.effected) {
      effect(s, p);
      return;
    }
    if (s.rnd.nextDouble() < crash) { // the completion is lost: info, and the process retires
      s.event(p.id, OpType.INFO, p.f, p.invoked);
      boolean mayHold = p.holds || p.f.equals("acquire") && p.result != FAILED;
      if (mayHold) s.crashedHolders.add(p.id);
      s.crashes++;
      p.id = s.nextProcess++;
      p.holds = false;
      p.added = false;
      p.f = null;
      return;
    }
    complete(s, p);
  }

  /** The op takes effect, at one moment; an add in two (its read, then its write). */
  private static void effect(Sim s, Proc p) {
    switch (p.f) {
      case "acquire" -> {
        if (s.holder == null) {
          s.holder = p.id;
          p.token = ++s.tokens;
          p.result = Map.of(LockOps.TOKEN, p.token);
        } else {
          p.result = FAILED;
        }
      }
      case "release" -> {
        boolean mine = Long.valueOf(p.id).equals(s.holder);
        if (mine) s.holder = null;
        p.result = mine ? null : FAILED;
      }
      case "read" -> p.result = s.counter;
      case "add" -> {
        if (s.expiring && p.token < s.newestSeen) {
          p.result = FAILED; // fenced: a newer holder has been here
        } else if (p.read == null) {
          if (s.expiring) s.newestSeen = p.token;
          p.read = s.counter;
          return; // the write is a second step
        } else {
          s.counter = p.read + 1;
          p.result = p.invoked;
        }
      }
      default -> throw new AssertionError(p.f);
    }
    p.effected = true;
  }

  private static void complete(Sim s, Proc p) {
    boolean ok = p.result != FAILED;
    s.event(p.id, ok ? OpType.OK : OpType.FAIL, p.f, ok ? p.result : p.invoked);
    switch (p.f) {
      case "acquire" -> p.holds = ok;
      case "add" -> p.added = true;
      case "release" -> {
        p.holds = false;
        p.added = false;
      }
      default -> { }
    }
    p.f = null;
  }

  private static Result check(faultline.checker.Checker checker, List<Op> events) throws Exception {
    return checker.check(History.of("simulated", events), Budget.unlimited());
  }

  /** A final read of the counter by a fresh process. */
  private static void finalRead(Sim s, long value) {
    long p = s.nextProcess++;
    s.event(p, OpType.INVOKE, "read", null);
    s.event(p, OpType.OK, "read", value);
  }

  /**
   * Without expiry: the mutex holds and the counter loses nothing. With leases running out under
   * live holders: two holders happen, but fencing accepts no stale write and the counter loses nothing.
   */
  @Property(tries = 400)
  void correctHistoriesAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll boolean expiring) throws Exception {
    Sim s = simulate(seed, processes, steps, crashPercent / 100.0, expiring);
    finalRead(s, s.counter);
    assertThat(check(new ProtectedCounterChecker(), s.events).verdict()).as("resource, seed %d", seed).isEqualTo(Verdict.VALID);
    assertThat(check(expiring ? new FencingChecker() : new MutexChecker(), s.events).verdict()).as("lock, seed %d", seed)
        .isNotEqualTo(Verdict.INVALID);
  }

  /**
   * The front door ({@code faultline check}) guesses the lock workload (fenced when the adds carry
   * tokens) from any history with an acquire or a release, and gives the verdict of that workload's checkers composed, valid or with a lost
   * update injected.
   */
  @Property(tries = 200)
  void theFrontDoorJudgesALockHistoryByItsWorkloadsChecks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll boolean expiring, @ForAll boolean lose) throws Exception {
    Sim s = simulate(seed, processes, steps, crashPercent / 100.0, expiring);
    long acknowledged = s.events.stream().filter(e -> e.type() == OpType.OK && e.f().equals("add")).count();
    finalRead(s, lose ? acknowledged - 1 : s.counter);
    History h = History.of("simulated", s.events);
    boolean fencedAdds = s.events.stream().anyMatch(e -> e.f().equals("add") && e.value() instanceof Map<?, ?> m && m.containsKey(LockOps.TOKEN));
    String model = fencedAdds ? "fenced-lock" : "lock";
    // Reads alone (no process acquired) say nothing of a lock: such a history is named, as a user would.
    boolean lockOps = s.events.stream().anyMatch(e -> LockOps.isLockOp(e.f()));
    Result r = HistoryCheck.of(h).model(lockOps ? null : model).check();
    assertThat(r.details()).as("seed %d", seed).containsEntry("model", model);
    Result direct = Checkers.compose(Models.kind(model).checkers()).check(h, Budget.unlimited());
    assertThat(r.verdict()).as("seed %d", seed).isEqualTo(direct.verdict());
    assertThat(r.parts()).extracting(Result::verdict).isEqualTo(direct.parts().stream().map(Result::verdict).toList());
    if (lose && acknowledged > 0) assertThat(r.verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
    // Leases that ran out under live holders make two holders: a fault only to a lock without fencing
    // (an expiring history with no add yet is guessed unfenced, and its mutex may be broken).
    if (!lose && (fencedAdds || !expiring)) assertThat(r.verdict()).as("seed %d", seed).isNotEqualTo(Verdict.INVALID);
  }

  /**
   * Two holders of one lease: the explanation calls the lease ended early exactly when the second
   * acquire was over before the earliest end the first lease could have (its acquire's invocation
   * plus the lease), ran out when the second began after the latest (its completion plus the
   * lease), and ran out about when due in between.
   */
  @Property(tries = 300)
  void theLeasesEndIsNamedByWhatTheTimesProve(@ForAll @IntRange(min = 0, max = 50) int firstTook,
      @ForAll @IntRange(min = 1, max = 3000) int gap, @ForAll @IntRange(min = 0, max = 50) int secondTook,
      @ForAll @IntRange(min = 1, max = 2000) int lease) throws Exception {
    long ms = 1_000_000L;
    long inv1 = 1_000, comp1 = inv1 + firstTook, inv2 = comp1 + gap, comp2 = inv2 + secondTook;
    History h = Histories.history().key(KEY)
        .at(inv1 * ms).invoke(0, "acquire", null).at(comp1 * ms).ok(0, "acquire", Map.of(LockOps.LEASE_MS, (long) lease))
        .at(inv2 * ms).invoke(1, "acquire", null).at(comp2 * ms).ok(1, "acquire", Map.of(LockOps.LEASE_MS, (long) lease))
        .build();
    String text = check(new MutexChecker(), h.ops()).lines().get(0);
    boolean early = comp2 < inv1 + lease;
    boolean ranOut = inv2 > comp1 + lease;
    assertThat(text.contains("the lease ended early")).as(text).isEqualTo(early);
    assertThat(text.contains("began after that: the lease ran out")).as(text).isEqualTo(ranOut);
    assertThat(text.contains("ran out about when it was due")).as(text).isEqualTo(!early && !ranOut);
  }

  @Property(tries = 200)
  void holdersNoReleaseCanSeparateAreCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll @IntRange(min = 0, max = 20) int crashPercent) throws Exception {
    Sim s = simulate(seed, processes, steps, crashPercent / 100.0, false);
    // Everything in flight has completed, but each crash may have left a release pending (made
    // for a crashed holder, or its own crashed release): two acquires more than those, one after
    // another, cannot all hold in turn.
    int holders = s.crashes + 2;
    for (int i = 0; i < holders; i++) {
      long p = s.nextProcess++;
      s.event(p, OpType.INVOKE, "acquire", null);
      s.event(p, OpType.OK, "acquire", null);
    }
    Result r = check(new MutexChecker(), s.events);
    assertThat(r.verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
    assertThat(r.explanations()).as("seed %d", seed).isNotEmpty();
  }

  @Property(tries = 200)
  void aLostUpdateIsCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll @IntRange(min = 0, max = 20) int crashPercent) throws Exception {
    Sim s = simulate(seed, processes, steps, crashPercent / 100.0, false);
    // A holder's acknowledged add, then a read below everything acknowledged.
    long p = s.nextProcess++;
    s.event(p, OpType.INVOKE, "add", 1L);
    s.event(p, OpType.OK, "add", 1L);
    long acknowledged = s.events.stream().filter(e -> e.type() == OpType.OK && e.f().equals("add")).count();
    finalRead(s, acknowledged - 1);
    assertThat(check(new ProtectedCounterChecker(), s.events).verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
  }

  @Property(tries = 200)
  void aStaleTokenAcceptedIsCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 60) int steps) throws Exception {
    Sim s = simulate(seed, processes, steps, 0, true);
    long newer = s.tokens + 2;
    long p = s.nextProcess++;
    s.event(p, OpType.INVOKE, "add", Map.of(LockOps.BY, 1L, LockOps.TOKEN, newer));
    s.event(p, OpType.OK, "add", Map.of(LockOps.BY, 1L, LockOps.TOKEN, newer));
    long q = s.nextProcess++;
    s.event(q, OpType.INVOKE, "add", Map.of(LockOps.BY, 1L, LockOps.TOKEN, newer - 1));
    s.event(q, OpType.OK, "add", Map.of(LockOps.BY, 1L, LockOps.TOKEN, newer - 1));
    assertThat(check(new FencingChecker(), s.events).verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
  }
}
