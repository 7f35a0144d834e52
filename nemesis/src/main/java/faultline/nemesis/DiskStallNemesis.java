package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.DiskStall;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Disk stalls: {@code start-disk-stall} makes every fsync (fdatasync, syncfs, waiting
 * sync_file_range, synchronous msync) of one node's server wait {@code delay-ms} before it
 * happens, as a saturated or failing disk would; {@code stop-disk-stall} lifts it. With
 * {@code kill}, the stop first kills the node with SIGKILL while its disk is still stalled, then
 * lifts the stall and starts the node again on the same data: a crash in the middle of a disk
 * stall, which shows what a database acknowledged before it was on disk.
 *
 * <p>The invocation's value is a map: {@code node} ({@code random}, a data node, the default;
 * {@code primary}; or a name), {@code delay-ms} (1 to 60,000; default 3,000, longer than the 2 s
 * Redis 7 holds back its AOF writes while a background fsync is pending) and {@code kill}. It
 * needs the environment's {@link DiskStall} (a local environment started with the disk-stall
 * library) and, to kill, its {@link ProcessControl}; without them the fault fails, saying so.
 */
public final class DiskStallNemesis implements Nemesis {
  public static final String START = "start-disk-stall";
  public static final String STOP = "stop-disk-stall";
  public static final long DEFAULT_DELAY_MS = 3000;

  private final Environment env;
  private final Optional<DiskStall> stalls;
  private final Optional<ProcessControl> processes;
  private final Random random;
  private Active active;

  /** The stall on now: its node and whether its stop kills the node. */
  private record Active(Node node, boolean kill) {}

  public DiskStallNemesis(Environment env, Random random) {
    this.env = env;
    this.stalls = env.capability(DiskStall.class);
    this.processes = env.capability(ProcessControl.class);
    this.random = random;
  }

  /** The start value of a stall of {@code node} ("random", "primary" or a name) by {@code delayMillis}, killed at its stop or not. */
  public static Map<String, Object> value(String node, long delayMillis, boolean kill) {
    return NemesisOps.value("node", node, "delay-ms", delayMillis, "kill", kill);
  }

  @Override
  public Set<String> fs() {
    return Set.of(START, STOP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    if (invocation.f().equals(START)) return start(invocation);
    if (invocation.f().equals(STOP)) return stop(invocation);
    return NemesisOps.notDone(invocation, "not a disk stall: " + invocation.f());
  }

  private Op start(Op invocation) {
    if (stalls.isEmpty()) {
      return NemesisOps.notDone(invocation, env.topology() + " was started without faultline's disk-stall library");
    }
    if (active != null) return NemesisOps.notDone(invocation, "a disk stall is already on " + active.node().name());
    Map<?, ?> value = invocation.value() instanceof Map<?, ?> m ? m : Map.of();
    String which = value.get("node") == null ? ProcessNemesis.RANDOM : value.get("node").toString();
    long delay = value.get("delay-ms") instanceof Number n ? n.longValue() : DEFAULT_DELAY_MS;
    boolean kill = Boolean.TRUE.equals(value.get("kill"));
    if (kill && processes.isEmpty()) return NemesisOps.notDone(invocation, env.topology() + " offers no process control to kill with");
    Optional<Node> target = ProcessNemesis.target(env, random, which);
    if (target.isEmpty()) return NemesisOps.notDone(invocation, "no running node matches '" + which + "'");
    Node node = target.get();
    try {
      stalls.get().stall(node, Duration.ofMillis(delay));
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot stall the disk of " + node.name() + ": " + e.getMessage());
    }
    active = new Active(node, kill);
    return NemesisOps.done(invocation, NemesisOps.value("node", node.name(), "pid", node.pid().orElse(-1), "delay-ms", delay,
        "kill", kill));
  }

  private Op stop(Op invocation) {
    if (active == null) return NemesisOps.notDone(invocation, "no disk stall is on");
    Node node = active.node();
    long stalledPid = node.pid().orElse(-1);
    try {
      undo(active);
    } catch (RuntimeException e) {
      // Still active: heal tries again.
      return NemesisOps.notDone(invocation, "cannot end the disk stall of " + node.name() + ": " + e.getMessage());
    }
    boolean killed = active.kill();
    active = null;
    return NemesisOps.done(invocation, killed
        ? NemesisOps.value("node", node.name(), "killed-pid", stalledPid, "pid", node.pid().orElse(-1))
        : NemesisOps.value("node", node.name(), "pid", node.pid().orElse(-1)));
  }

  /** Kills the node first when asked (its disk still stalled), lifts the stall, starts what was killed. */
  private void undo(Active stall) {
    try {
      if (stall.kill()) processes.get().kill(stall.node());
    } finally {
      stalls.get().lift(stall.node());
    }
    if (stall.kill() && !stall.node().isRunning()) processes.get().start(stall.node());
  }

  /** Lifts every node's stall (whoever set it) and starts a node whose killing stop did not finish. */
  @Override
  public synchronized void heal() {
    if (stalls.isEmpty()) return; // nothing of this nemesis' can have happened
    for (Node node : env.nodes()) stalls.get().lift(node);
    if (active != null && active.kill() && !active.node().isRunning()) processes.get().start(active.node());
    active = null;
  }
}
