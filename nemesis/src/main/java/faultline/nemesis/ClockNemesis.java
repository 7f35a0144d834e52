package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.ClockControl;
import faultline.environments.Environment;
import faultline.environments.Node;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Clock faults on one node's wall clock (its monotonic clocks stay true, as when a real clock is
 * stepped):
 *
 * <ul>
 *   <li>{@code start-clock-skew} sets the node's clock {@code offset-ms} off true time for the
 *       fault window, a node whose clock is wrong; {@code stop-clock-skew} restores true time.
 *   <li>{@code start-clock-jump} steps the node's clock by {@code offset-ms} at once, as a bad NTP
 *       step or an operator's {@code date -s} would; {@code stop-clock-jump} steps it back to true
 *       time, the correction, a second jump the other way.
 * </ul>
 *
 * <p>Both set the one offset of {@link ClockControl}; they differ in what they model and in their
 * defaults: a skew of +5 s, a jump of +60 s (past a typical lease or TTL: Valkey issue 2651's
 * shape, a jump forward that expires every TTL at once). The invocation's value is a map:
 * {@code node} ({@code random}, a data node, the default; {@code primary}; or a name) and
 * {@code offset-ms} (negative: behind true time; 1 to 3,600,000 either way). One clock fault is
 * on at a time. It needs the environment's {@link ClockControl} (a local environment started with
 * the clock-offset library); without it, or when the running server has not mapped the library,
 * the fault fails, saying so. The heal restores true time on every node.
 */
public final class ClockNemesis implements Nemesis {
  public static final String START_SKEW = "start-clock-skew";
  public static final String STOP_SKEW = "stop-clock-skew";
  public static final String START_JUMP = "start-clock-jump";
  public static final String STOP_JUMP = "stop-clock-jump";
  public static final long DEFAULT_SKEW_MS = 5_000;
  public static final long DEFAULT_JUMP_MS = 60_000;

  private final Environment env;
  private final Optional<ClockControl> clocks;
  private final Random random;
  private Active active;

  /** The clock fault on now: its node and the f of the op that ends it. */
  private record Active(Node node, String stopF) {}

  public ClockNemesis(Environment env, Random random) {
    this.env = env;
    this.clocks = env.capability(ClockControl.class);
    this.random = random;
  }

  /** The start value of a clock fault on {@code node} ("random", "primary" or a name) of {@code offsetMillis}. */
  public static Map<String, Object> value(String node, long offsetMillis) {
    return NemesisOps.value("node", node, "offset-ms", offsetMillis);
  }

  /** Whether {@code f} starts a clock fault: the environment must then be started with the clock-offset library. */
  public static boolean starts(String f) {
    return f.equals(START_SKEW) || f.equals(START_JUMP);
  }

  @Override
  public Set<String> fs() {
    return Set.of(START_SKEW, STOP_SKEW, START_JUMP, STOP_JUMP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    String f = invocation.f();
    if (f.equals(START_SKEW)) return start(invocation, STOP_SKEW, DEFAULT_SKEW_MS);
    if (f.equals(START_JUMP)) return start(invocation, STOP_JUMP, DEFAULT_JUMP_MS);
    if (f.equals(STOP_SKEW) || f.equals(STOP_JUMP)) return stop(invocation);
    return NemesisOps.notDone(invocation, "not a clock fault: " + f);
  }

  private Op start(Op invocation, String stopF, long defaultOffset) {
    if (clocks.isEmpty()) return NemesisOps.notDone(invocation, env.topology() + " was started without faultline's clock-offset library");
    if (active != null) return NemesisOps.notDone(invocation, "a clock fault is already on " + active.node().name());
    Map<?, ?> value = invocation.value() instanceof Map<?, ?> m ? m : Map.of();
    String which = value.get("node") == null ? ProcessNemesis.RANDOM : value.get("node").toString();
    long offset = value.get("offset-ms") instanceof Number n ? n.longValue() : defaultOffset;
    Optional<Node> target = ProcessNemesis.target(env, random, which);
    if (target.isEmpty()) return NemesisOps.notDone(invocation, "no running node matches '" + which + "'");
    Node node = target.get();
    try {
      clocks.get().offset(node, Duration.ofMillis(offset));
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot set the clock of " + node.name() + ": " + e.getMessage());
    }
    active = new Active(node, stopF);
    return NemesisOps.done(invocation, NemesisOps.value("node", node.name(), "pid", node.pid().orElse(-1), "offset-ms", offset));
  }

  private Op stop(Op invocation) {
    if (active == null || !active.stopF().equals(invocation.f())) {
      return NemesisOps.notDone(invocation, "no " + invocation.f().substring("stop-".length()) + " is on");
    }
    Node node = active.node();
    try {
      clocks.get().offset(node, Duration.ZERO);
    } catch (RuntimeException e) {
      // Still active: heal tries again.
      return NemesisOps.notDone(invocation, "cannot restore the clock of " + node.name() + ": " + e.getMessage());
    }
    active = null;
    return NemesisOps.done(invocation, NemesisOps.value("node", node.name(), "offset-ms", 0L));
  }

  /** Restores true time on every node, whoever set it off. */
  @Override
  public synchronized void heal() {
    if (clocks.isEmpty()) return; // nothing of this nemesis' can have happened
    for (Node node : env.nodes()) clocks.get().offset(node, Duration.ZERO);
    active = null;
  }
}
