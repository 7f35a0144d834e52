package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Role;
import faultline.environments.Topology;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Process faults: {@code start-kill} (kill -9) and {@code stop-kill} (start again on the same
 * data); {@code start-pause} (SIGSTOP) and {@code stop-pause} (SIGCONT). The invocation's value
 * picks the node: {@code random} (a data node, the default), {@code primary} (the current one), or
 * a node's name (sentinels only by name). It needs the environment's {@link ProcessControl}; without
 * it every fault fails, saying so.
 */
public final class ProcessNemesis implements Nemesis {
  public static final String RANDOM = "random";
  public static final String PRIMARY = "primary";

  private final Environment env;
  private final Optional<ProcessControl> processes;
  private final Random random;
  private final Map<ProcessFault, Node> active = new EnumMap<>(ProcessFault.class);

  public ProcessNemesis(Environment env, Random random) {
    this.env = env;
    this.processes = env.capability(ProcessControl.class);
    this.random = random;
  }

  @Override
  public Set<String> fs() {
    Set<String> fs = new HashSet<>();
    for (ProcessFault f : ProcessFault.values()) {
      fs.add(f.startF());
      fs.add(f.stopF());
    }
    return fs;
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    for (ProcessFault fault : ProcessFault.values()) {
      if (invocation.f().equals(fault.startF())) return start(fault, invocation);
      if (invocation.f().equals(fault.stopF())) return stop(fault, invocation);
    }
    return NemesisOps.notDone(invocation, "not a process fault: " + invocation.f());
  }

  private Op start(ProcessFault fault, Op invocation) {
    if (processes.isEmpty()) return NemesisOps.notDone(invocation, env.topology() + " offers no process control");
    if (active.containsKey(fault)) return NemesisOps.notDone(invocation, fault.id() + " is already on " + active.get(fault).name());
    Optional<Node> target = target(env, random, NemesisOps.text(invocation, RANDOM));
    if (target.isEmpty()) return NemesisOps.notDone(invocation, "no running node matches '" + invocation.value() + "'");
    Node node = target.get();
    long pid = node.pid().orElse(-1);
    try {
      switch (fault) {
        case KILL -> processes.get().kill(node);
        case PAUSE -> processes.get().pause(node);
      }
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot " + fault.id() + " " + node.name() + ": " + e.getMessage());
    }
    active.put(fault, node);
    return NemesisOps.done(invocation, NemesisOps.value("node", node.name(), "pid", pid));
  }

  private Op stop(ProcessFault fault, Op invocation) {
    Node node = active.get(fault);
    if (node == null) return NemesisOps.notDone(invocation, fault.id() + " is not on");
    try {
      undo(fault, node);
    } catch (RuntimeException e) {
      // Still active: heal tries again.
      return NemesisOps.notDone(invocation, "cannot undo " + fault.id() + " of " + node.name() + ": " + e.getMessage());
    }
    active.remove(fault);
    return NemesisOps.done(invocation, NemesisOps.value("node", node.name(), "pid", node.pid().orElse(-1)));
  }

  private void undo(ProcessFault fault, Node node) {
    switch (fault) {
      case KILL -> processes.get().start(node);
      case PAUSE -> {
        if (node.isRunning()) processes.get().resume(node);
      }
    }
  }

  /**
   * The running node {@code which} names: {@link #RANDOM} (a data node chosen with {@code random}),
   * {@link #PRIMARY} (the current one; in a cluster, any shard's) or a node's name.
   */
  static Optional<Node> target(Environment env, Random random, String which) {
    if (which.equals(PRIMARY)) {
      // A Redis Cluster has a primary per shard: any one of them.
      if (env.topology() == Topology.REDIS_CLUSTER) {
        List<Node> primaries = env.primaries().stream().filter(Node::isRunning).toList();
        return primaries.isEmpty() ? Optional.empty() : Optional.of(primaries.get(random.nextInt(primaries.size())));
      }
      return env.primary().filter(Node::isRunning);
    }
    if (which.equals(RANDOM)) {
      List<Node> data = env.nodes().stream().filter(n -> n.role() != Role.SENTINEL && n.isRunning()).toList();
      return data.isEmpty() ? Optional.empty() : Optional.of(data.get(random.nextInt(data.size())));
    }
    return env.nodes().stream().filter(n -> n.name().equals(which) && n.isRunning()).findFirst();
  }

  /**
   * Resumes every paused node (whoever paused it) and starts the nodes this nemesis killed. A
   * node killed by someone else (a failover's fencing) is not this nemesis' to start.
   */
  @Override
  public synchronized void heal() {
    if (processes.isEmpty()) return; // nothing of this nemesis' can have happened
    RuntimeException failure = null;
    for (Node node : env.nodes()) {
      try {
        if (ProcessStates.isPaused(node)) processes.get().resume(node);
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    for (Map.Entry<ProcessFault, Node> entry : List.copyOf(active.entrySet())) {
      try {
        undo(entry.getKey(), entry.getValue());
        active.remove(entry.getKey());
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    if (failure != null) throw failure;
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) return next;
    first.addSuppressed(next);
    return first;
  }
}
