package faultline.nemesis;

import faultline.environments.Node;
import faultline.environments.nodes.ServerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What the kernel says of a node's process: stopped (SIGSTOP) or not. The Node interface knows
 * whether its process runs, not whether it is frozen, and a heal must find frozen ones even when
 * the nemesis that froze them has forgotten (an interrupted fault).
 */
public final class ProcessStates {
  private ProcessStates() {}

  /**
   * True when the node's process, or any of its descendants (PostgreSQL backends), is stopped. A
   * node on a host that is not this machine (a container, an SSH host) is asked through its host.
   */
  public static boolean isPaused(Node node) {
    if (node instanceof ServerNode server && !server.onThisMachine()) return server.isPaused();
    OptionalLong pid = node.pid();
    if (pid.isEmpty()) return false;
    return ProcessHandle.of(pid.getAsLong())
        .map(root -> isStopped(root.pid()) || root.descendants().anyMatch(p -> isStopped(p.pid())))
        .orElse(false);
  }

  /** State T (stopped by a signal) or t (stopped by a tracer) in /proc/PID/stat. */
  static boolean isStopped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (IOException | RuntimeException e) {
      return false; // gone, or no /proc: nothing to resume
    }
  }
}
