package faultline.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A concurrent plan: for each logical process, the operations it performs in order. Processes run
 * at the same time, each on its own thread, so the plan fixes what is done and the scheduler
 * decides how it interleaves. Made by {@link Plans#plans} (and shrunk by jqwik), or by hand.
 *
 * @param processes the operations of each process
 */
public record Plan(List<List<Invocation>> processes) {

  /**
   * Copies the lists.
   *
   * @param processes the operations of each process
   */
  public Plan {
    List<List<Invocation>> copy = new ArrayList<>();
    for (List<Invocation> p : processes) copy.add(List.copyOf(p));
    processes = List.copyOf(copy);
  }

  /**
   * A plan from its processes' operations.
   *
   * @param processes each process's operations
   * @return the plan
   */
  @SafeVarargs
  public static Plan of(List<Invocation>... processes) {
    List<List<Invocation>> out = new ArrayList<>();
    for (List<Invocation> p : processes) out.add(p); // element by element: the array itself goes nowhere
    return new Plan(out);
  }

  /**
   * Every key the plan's operations name, in order of appearance.
   *
   * @return the keys
   */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    processes.forEach(p -> p.forEach(op -> {
      if (op.key() != null) keys.add(op.key());
    }));
    return keys;
  }

  /**
   * How many operations the plan has.
   *
   * @return the count over every process
   */
  public int size() {
    return processes.stream().mapToInt(List::size).sum();
  }

  /** {@code p0: add(alice, 1), read(alice) | p1: add(alice, 2)}. */
  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      out.add("p" + i + ": " + String.join(", ", processes.get(i).stream().map(Invocation::toString).toList()));
    }
    return String.join(" | ", out);
  }
}
