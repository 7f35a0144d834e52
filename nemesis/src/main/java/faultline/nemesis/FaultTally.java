package faultline.nemesis;

import faultline.checker.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The faults of a run as the nemesis records them, by the names users gave {@code --nemesis}:
 * which are in effect now (for the live line) and how many of each were started and failed (for
 * the summary). A start op names its fault by its f and value, as the plan's {@link Fault}s
 * declare them; its completion says whether it took. Counting only: it changes nothing.
 */
public final class FaultTally {
  private final List<Fault> faults;
  private final Map<String, int[]> counts = new LinkedHashMap<>(); // name -> {started, failed}
  private final Set<String> inEffect = new LinkedHashSet<>();
  private String starting;

  public FaultTally(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  /** One nemesis event, in the order the schedule records them. */
  public synchronized void record(OpType type, String f, Object value) {
    if (f.equals(NemesisSchedule.HEAL)) {
      if (type != OpType.INVOKE) inEffect.clear();
      return;
    }
    if (type == OpType.INVOKE) {
      starting = null;
      for (Fault fault : faults) {
        if (fault.startF().equals(f) && Objects.equals(fault.startValue(), value)) {
          starting = fault.name();
          counts.computeIfAbsent(starting, n -> new int[2])[0]++;
          return;
        }
      }
      // A stop: the fault it ends is no longer counted as in effect from its invocation on.
      faults.stream().filter(fault -> fault.stopF().equals(f)).forEach(fault -> inEffect.remove(fault.name()));
      return;
    }
    if (starting == null) return;
    if (type == OpType.FAIL) counts.get(starting)[1]++;
    else inEffect.add(starting);
    starting = null;
  }

  /** The faults in effect now, by name. */
  public synchronized List<String> now() {
    return List.copyOf(inEffect);
  }

  /** "kill ×3, partition ×2 (1 failed)", or "none started". */
  public synchronized String summary() {
    if (counts.isEmpty()) return "none started";
    List<String> parts = new ArrayList<>();
    counts.forEach((name, c) -> parts.add(name + " ×" + c[0] + (c[1] > 0 ? " (" + c[1] + " failed)" : "")));
    return String.join(", ", parts);
  }
}
