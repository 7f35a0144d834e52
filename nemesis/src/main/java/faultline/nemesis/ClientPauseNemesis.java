package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.workloads.PausePoints;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Client pauses, a stall of the client rather than of the database: {@code start-client-pause}
 * sets a pause on one worker (a logical process of the load), which freezes at its next
 * {@link faultline.workloads.PausePoint}, between two steps of its operation (a read and the write
 * that depends on it; a lock taken and then used), as a long garbage-collection pause would freeze
 * it; {@code stop-client-pause} lets it go on, with what it read before the pause. Other workers go
 * on all along. A pause longer than a lease or a TTL is what makes a second holder.
 *
 * <p>The invocation's value is {@code random} (the default) or a worker's index. The start's op
 * names the worker; the stop's names the logical process that froze and how long
 * ({@code frozen-ms}), or says {@code "froze": false} when the worker reached no pause point
 * meanwhile (its client has none: operations of one step, such as INCRBY, never freeze). The heal
 * lets every worker go.
 */
public final class ClientPauseNemesis implements Nemesis {
  public static final String START = "start-client-pause";
  public static final String STOP = "stop-client-pause";

  private final Optional<PausePoints> pauses;
  private final Random random;
  private int paused = -1;

  /** With {@code pauses} empty (a nemesis without a load), every start fails saying so. */
  public ClientPauseNemesis(Optional<PausePoints> pauses, Random random) {
    this.pauses = pauses;
    this.random = random;
  }

  @Override
  public Set<String> fs() {
    return Set.of(START, STOP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    if (invocation.f().equals(START)) return start(invocation);
    if (invocation.f().equals(STOP)) return stop(invocation);
    return NemesisOps.notDone(invocation, "not a client pause: " + invocation.f());
  }

  private Op start(Op invocation) {
    if (pauses.isEmpty() || pauses.get().workers() == 0) return NemesisOps.notDone(invocation, "no workers to pause");
    if (paused >= 0) return NemesisOps.notDone(invocation, "a client pause is already on worker " + paused);
    int workers = pauses.get().workers();
    Object which = invocation.value() == null ? ProcessNemesis.RANDOM : invocation.value();
    int worker;
    if (ProcessNemesis.RANDOM.equals(which)) {
      worker = random.nextInt(workers);
    } else if (which instanceof Number n && n.intValue() >= 0 && n.intValue() < workers) {
      worker = n.intValue();
    } else {
      return NemesisOps.notDone(invocation, "no worker '" + which + "'; workers are 0 to " + (workers - 1));
    }
    if (!pauses.get().pause(worker)) return NemesisOps.notDone(invocation, "worker " + worker + " is paused already");
    paused = worker;
    return NemesisOps.done(invocation, NemesisOps.value("worker", worker));
  }

  private Op stop(Op invocation) {
    if (paused < 0) return NemesisOps.notDone(invocation, "no client pause is on");
    int worker = paused;
    paused = -1;
    PausePoints.Freeze freeze = pauses.get().resume(worker);
    return NemesisOps.done(invocation, freeze == null
        ? NemesisOps.value("worker", worker, "froze", false)
        : NemesisOps.value("worker", worker, "froze", true, "process", freeze.process(), "frozen-ms", freeze.millis()));
  }

  /** Lets every worker go. */
  @Override
  public synchronized void heal() {
    pauses.ifPresent(PausePoints::resumeAll);
    paused = -1;
  }
}
