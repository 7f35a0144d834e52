package faultline.results;

import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run checks about itself before its verdict is believed: that every reply came from a
 * server the run started, that nothing answered while a single node was down, that its faults
 * happened, and that an anomaly's witness does not lie where a fault's own bookkeeping is
 * inconsistent. A finding never hides the checkers' verdict; it changes what the run may claim:
 *
 * <ul>
 *   <li>{@link #HARNESS_ERROR}: a reply from a server the run did not start, or a reply no server
 *       could have given. The history is not the database's, so the run is {@code unknown}
 *       (exit 2) whatever the checkers said.
 *   <li>{@link #HARNESS_SUSPECT}: an INVALID verdict whose witness lies in a window where a fault
 *       failed (a fault op that failed, a restart that did not verify) until the next heal. The
 *       finding may be the harness's, so the run is {@code unknown} (exit 2), not 1: a CI gate must
 *       neither pass it nor file it as a database bug. The checkers' INVALID stays in results.json.
 *   <li>{@link #NO_FAULTS}: faults were planned and started, and every one failed. The run tested
 *       nothing it meant to, so a VALID becomes {@code unknown}.
 * </ul>
 */
public final class SelfChecks {
  public static final String HARNESS_ERROR = "harness-error";
  public static final String HARNESS_SUSPECT = "harness-suspect";
  public static final String NO_FAULTS = "no-faults-applied";
  /** A note, never a change of verdict: an external endpoint's server restarted during the run, which faultline did not do. */
  public static final String ENDPOINT_RESTARTED = "endpoint-restarted";
  /** Events named per finding; results.json counts the rest. */
  private static final int NAMED = 3;

  /** One thing the run found wrong with itself. */
  public record Finding(String kind, String reason) {
    public Map<String, Object> toJson() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("kind", kind);
      out.put("reason", reason);
      return out;
    }
  }

  private SelfChecks() {}

  /**
   * {@code outcome}, or unknown when it is valid but the load made no operation in {@code
   * timeLimit}: final reads of untouched keys judge nothing, and a load that made no operation is
   * no evidence.
   */
  public static Result unlessLoaded(Result outcome, long generated, int finalReads, Duration timeLimit) {
    if (generated != 0 || outcome.verdict() != Verdict.VALID) return outcome;
    String why = "the load made no operation in " + BigDecimal.valueOf(timeLimit.toMillis(), 3).stripTrailingZeros().toPlainString() + " s"
        + (finalReads > 0 ? " (only " + finalReads + " final reads)" : "") + ": nothing to judge";
    return new Result(outcome.name(), Verdict.UNKNOWN, "undecided: " + why, why, outcome.explanations(), outcome.witness(),
        outcome.ruledOut(), outcome.details(), outcome.parts());
  }

  /**
   * @param nodeDirectories each node the run started, by name, and its folder (where its server's
   *     home, config file or data folder, lies)
   * @param singleNode whether the topology has one data node (a reply while it is down is impossible)
   * @param nemesis results.json's "nemesis" entry, or null when no faults were planned
   */
  public static List<Finding> of(History history, Map<String, Path> nodeDirectories, boolean singleNode, Result outcome,
      Map<String, Object> nemesis) {
    List<Finding> out = new ArrayList<>();
    foreignServers(history, nodeDirectories).ifPresent(out::add);
    if (singleNode) repliesWhileDown(history).ifPresent(out::add);
    out.addAll(ofFaults(history, outcome, nemesis));
    return out;
  }

  /** The checks of the faults' bookkeeping, the same wherever the servers run. */
  private static List<Finding> ofFaults(History history, Result outcome, Map<String, Object> nemesis) {
    List<Finding> out = new ArrayList<>();
    if (nemesis != null && nemesis.get("faults-started") instanceof Number started && started.intValue() > 0
        && nemesis.get("faults-applied") instanceof Number applied && applied.intValue() == 0) {
      out.add(new Finding(NO_FAULTS, "all " + started + " faults failed, so nothing was tested under faults: " + failedFaults(history)));
    }
    if (outcome.verdict() == Verdict.INVALID) suspectWitness(history, outcome).ifPresent(out::add);
    return out;
  }

  /**
   * The self-checks of a run on servers faultline did not start ({@code --endpoint}): the same
   * checks, but "ours" means the server each endpoint said it was when the run started ({@code
   * ran} in test.json, asked directly at the endpoint): a completion is foreign when no endpoint
   * has its home (Redis {@code config_file}, PostgreSQL {@code data_directory}) and, on
   * PostgreSQL, its system identifier. A known endpoint whose incarnation changed (Redis {@code
   * run_id}, PostgreSQL's postmaster start) restarted: someone else did it, and it is noted ({@link
   * #ENDPOINT_RESTARTED}), not held against the verdict. No fault of faultline stops a server
   * there, so there is no "reply while down" check.
   */
  public static List<Finding> ofExternal(History history, Object ran, Result outcome, Map<String, Object> nemesis) {
    List<Finding> out = new ArrayList<>();
    List<EndpointIdentity> endpoints = EndpointIdentity.of(ran);
    if (!endpoints.isEmpty()) {
      foreignEndpoints(history, endpoints).ifPresent(out::add);
      restarts(history, endpoints).ifPresent(out::add);
    }
    out.addAll(ofFaults(history, outcome, nemesis));
    return out;
  }

  /**
   * What an endpoint said it was at the start, from test.json's {@code ran.nodes}: its home, the
   * identity that survives a restart (PostgreSQL's system identifier; none for Redis), and its
   * incarnation, in the form completions carry it ({@code ServerIdentity}).
   */
  record EndpointIdentity(String name, String home, String system, String run) {
    static List<EndpointIdentity> of(Object ran) {
      List<EndpointIdentity> out = new ArrayList<>();
      if (!(ran instanceof Map<?, ?> facts) || !(facts.get("nodes") instanceof Map<?, ?> nodes)) return out;
      nodes.forEach((name, value) -> {
        // A fact that could not be had (a later question failed) leaves the identity whole or absent.
        if (!(value instanceof Map<?, ?> n)) return;
        if (n.get("system-identifier") != null && n.get("data-directory") != null) {
          String system = String.valueOf(n.get("system-identifier"));
          out.add(new EndpointIdentity(String.valueOf(name), String.valueOf(n.get("data-directory")), system,
              n.get("postmaster-start") + " system " + system));
        } else if (n.get("run-id") != null && n.get("config-file") != null) {
          out.add(new EndpointIdentity(String.valueOf(name), String.valueOf(n.get("config-file")), null, String.valueOf(n.get("run-id"))));
        }
      });
      return out;
    }

    boolean is(Object home, Object run) {
      return this.home.equals(String.valueOf(home)) && (system == null || String.valueOf(run).endsWith(" system " + system));
    }

    @Override
    public String toString() {
      return name + " home " + home + (system == null ? "" : ", system " + system);
    }
  }

  static Optional<Finding> foreignEndpoints(History history, List<EndpointIdentity> endpoints) {
    return foreign(history, (home, run) -> endpoints.stream().anyMatch(e -> e.is(home, run)), "a server that is none of the endpoints named ("
        + String.join("; ", endpoints.stream().map(EndpointIdentity::toString).toList()) + ")");
  }

  static Optional<Finding> restarts(History history, List<EndpointIdentity> endpoints) {
    Map<String, Set<String>> incarnations = new LinkedHashMap<>();
    for (Op op : history.ops()) {
      if (!(op.node() instanceof Map<?, ?> node) || !op.process().isClient()) continue;
      for (EndpointIdentity e : endpoints) {
        if (e.is(node.get("home"), node.get("run")) && !e.run().equals(String.valueOf(node.get("run")))) {
          incarnations.computeIfAbsent(e.name(), k -> new LinkedHashSet<>()).add(String.valueOf(node.get("run")));
        }
      }
    }
    if (incarnations.isEmpty()) return Optional.empty();
    List<String> parts = new ArrayList<>();
    incarnations.forEach((name, runs) -> parts.add(name + " (at the start " + endpoints.stream().filter(e -> e.name().equals(name))
        .findFirst().map(EndpointIdentity::run).orElse("?") + ", later " + String.join(", ", runs) + ")"));
    return Optional.of(new Finding(ENDPOINT_RESTARTED, "a server at an endpoint restarted during the run, not by faultline: "
        + String.join("; ", parts)));
  }

  /** The run's verdict after its self-checks (see the class comment). */
  public static Verdict verdict(Verdict checked, List<Finding> findings) {
    Verdict v = checked;
    for (Finding f : findings) {
      if (f.kind().equals(HARNESS_ERROR)) v = Verdict.UNKNOWN;
      if (f.kind().equals(HARNESS_SUSPECT) && v == Verdict.INVALID) v = Verdict.UNKNOWN;
      if (f.kind().equals(NO_FAULTS) && v == Verdict.VALID) v = Verdict.UNKNOWN;
    }
    return v;
  }

  /** Completions whose server's home is not inside the folder of a node this run started. */
  static Optional<Finding> foreignServers(History history, Map<String, Path> nodeDirectories) {
    List<Path> ours = new ArrayList<>();
    for (Path dir : nodeDirectories.values()) ours.addAll(forms(dir));
    return foreign(history, (home, run) -> home != null && isOurs(String.valueOf(home), ours), "a server this run did not start");
  }

  /** Completions whose server, by its home and incarnation ({@code run}), is not {@code ours}: a harness error naming a few. */
  private static Optional<Finding> foreign(History history, java.util.function.BiPredicate<Object, Object> ours, String what) {
    List<String> named = new ArrayList<>();
    int count = 0;
    for (Op op : history.ops()) {
      if (!(op.node() instanceof Map<?, ?> node) || !op.process().isClient()) continue;
      Object home = node.get("home");
      if (ours.test(home, node.get("run"))) continue;
      count++;
      if (named.size() < NAMED) {
        named.add("event " + op.index() + " (" + op.type().label() + " " + op.f() + ") was served by home " + home + ", run " + node.get("run"));
      }
    }
    if (count == 0) return Optional.empty();
    return Optional.of(new Finding(HARNESS_ERROR, count + " completions came from " + what + ": "
        + String.join("; ", named) + (count > NAMED ? "; ..." : "")));
  }

  private static boolean isOurs(String home, List<Path> ours) {
    Path p;
    try {
      p = Path.of(home);
    } catch (RuntimeException e) {
      return false;
    }
    for (Path form : forms(p)) for (Path dir : ours) if (form.startsWith(dir)) return true;
    return false;
  }

  /** A path absolute and normalised, and its real form when it exists (a temporary folder may sit behind a link). */
  private static Set<Path> forms(Path p) {
    Set<Path> out = new LinkedHashSet<>();
    out.add(p.toAbsolutePath().normalize());
    try {
      if (Files.exists(p)) out.add(p.toRealPath());
    } catch (java.io.IOException | RuntimeException e) {
      // the absolute form is enough
    }
    return out;
  }

  /**
   * A client op invoked after the only node was killed or paused (the fault op's completion) and
   * completed ok before the stop began: no server could have answered it.
   */
  static Optional<Finding> repliesWhileDown(History history) {
    Map<Object, Long> invoked = new LinkedHashMap<>();
    long downSince = -1;
    List<String> named = new ArrayList<>();
    int count = 0;
    for (Op op : history.ops()) {
      if (op.process().equals(Process.NEMESIS)) {
        boolean down = op.f().equals("start-kill") || op.f().equals("start-pause");
        boolean up = op.f().equals("stop-kill") || op.f().equals("stop-pause") || op.f().equals("heal");
        if (down && op.type() == OpType.INFO) downSince = op.index();
        if (up && op.type() == OpType.INVOKE) downSince = -1;
        continue;
      }
      if (op.type() == OpType.INVOKE) {
        invoked.put(op.process().label(), op.index());
        continue;
      }
      Long from = invoked.remove(op.process().label());
      if (op.type() == OpType.OK && downSince >= 0 && from != null && from > downSince) {
        count++;
        if (named.size() < NAMED) named.add("events " + from + "-" + op.index() + " (" + op.f() + ")");
      }
    }
    if (count == 0) return Optional.empty();
    return Optional.of(new Finding(HARNESS_ERROR, count + " ops completed ok while the only node was down (killed or paused): "
        + String.join(", ", named) + (count > NAMED ? ", ..." : "")));
  }

  /** The errors of the nemesis ops that failed, distinct, a few. */
  private static String failedFaults(History history) {
    Set<String> errors = new LinkedHashSet<>();
    for (Op op : history.ops()) {
      if (op.process().equals(Process.NEMESIS) && op.type() == OpType.FAIL) errors.add(op.f() + ": " + op.error());
    }
    return errors.isEmpty() ? "no fault op says why" : String.join("; ", errors.stream().limit(NAMED).toList());
  }

  /** A window [from, to] of events where a fault op failed, until the next heal completed (or the end). */
  record Window(long from, long to, String what) {}

  static List<Window> inconsistentWindows(History history) {
    List<Window> out = new ArrayList<>();
    Map<String, Long> invoked = new LinkedHashMap<>();
    List<Op> failed = new ArrayList<>();
    List<Long> failedFrom = new ArrayList<>();
    for (Op op : history.ops()) {
      if (!op.process().equals(Process.NEMESIS)) continue;
      if (op.type() == OpType.INVOKE) {
        invoked.put(op.f(), op.index());
      } else if (op.type() == OpType.FAIL) {
        failed.add(op);
        failedFrom.add(invoked.getOrDefault(op.f(), op.index()));
      } else if (op.f().equals("heal")) {
        for (int i = 0; i < failed.size(); i++) out.add(new Window(failedFrom.get(i), op.index(), describe(failed.get(i))));
        failed.clear();
        failedFrom.clear();
      }
    }
    long end = history.ops().isEmpty() ? 0 : history.ops().getLast().index();
    for (int i = 0; i < failed.size(); i++) out.add(new Window(failedFrom.get(i), end, describe(failed.get(i))));
    return out;
  }

  private static String describe(Op failed) {
    return failed.f() + " failed at event " + failed.index() + " (" + failed.error() + ")";
  }

  /** An INVALID checker's witness events (ops, or a transactional anomaly's transactions), overlapping a window. */
  static Optional<Finding> suspectWitness(History history, Result outcome) {
    List<Window> windows = inconsistentWindows(history);
    if (windows.isEmpty()) return Optional.empty();
    for (Result part : outcome.parts().isEmpty() ? List.of(outcome) : outcome.parts()) {
      if (part.verdict() != Verdict.INVALID) continue;
      List<long[]> spans = witnessSpans(part);
      for (Window w : windows) {
        if (spans.isEmpty()) {
          return Optional.of(new Finding(HARNESS_SUSPECT, part.name() + " is INVALID, its witness has no event positions, and "
              + w.what() + ", which leaves the fault's effect unknown until the heal at event " + w.to()));
        }
        for (long[] s : spans) {
          if (s[0] <= w.to() && s[1] >= w.from()) {
            return Optional.of(new Finding(HARNESS_SUSPECT, part.name() + "'s witness (events " + s[0] + "-" + s[1]
                + ") lies where " + w.what() + ", so the fault's effect is unknown until the heal at event " + w.to()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Event spans [invoke, complete] of a result's witness: its witness ops, or its anomalies' transactions. */
  private static List<long[]> witnessSpans(Result r) {
    List<long[]> spans = new ArrayList<>();
    for (WitnessOp w : r.witness()) spans.add(new long[] {w.invokeIndex(), w.completeIndex() < 0 ? Long.MAX_VALUE : w.completeIndex()});
    if (r.details().get("anomalies") instanceof Map<?, ?> anomalies) {
      for (Object list : anomalies.values()) {
        if (!(list instanceof List<?> found)) continue;
        for (Object a : found) {
          if (!(a instanceof Map<?, ?> anomaly) || !(anomaly.get("txns") instanceof List<?> txns)) continue;
          for (Object t : txns) {
            if (t instanceof Map<?, ?> txn && txn.get("invoke") instanceof Number i && txn.get("complete") instanceof Number c) {
              long from = i.longValue() < 0 ? c.longValue() : i.longValue();
              spans.add(new long[] {from, c.longValue() < 0 ? Long.MAX_VALUE : c.longValue()});
            }
          }
        }
      }
    }
    return spans;
  }
}
