package faultline.checker.consistency;

import faultline.checker.session.SessionGuarantee;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every consistency model faultline judges, single-object and transactional, in one lattice, as
 * Elle's elle.consistency-model keeps them: each model with the weaker models it implies, and the
 * anomalies it forbids beyond theirs. The single-object models (Bailis et al., Viotti and
 * Vukolić): linearizable implies sequential, which implies the session guarantees; linearizable
 * implies convergence (a single copy explains every read, so final reads agree) and passes the
 * counter's and set-full's own analyses. The transactional models after Adya (PL-1 ... PL-SS, G0
 * ... G2), Bailis et al. (monotonic atomic view, read atomic), Cerone et al. (parallel snapshot
 * isolation, update atomic), Daudjee and Salem (strong session variants); strict-serializable
 * implies linearizable, which joins the two families, as in Elle.
 *
 * <p>A model forbids its own anomalies and those of every weaker model it implies; an anomaly
 * implies the weaker anomalies it is a case of (G0 is a G1c, a G0 is also a G0-process), so
 * finding it rules out every model forbidding any of them. The single-object models forbid no
 * anomaly of these: their checkers judge each of them directly ({@link RegisterModels}, {@link
 * HistoryModels}), and the lattice says what a verdict implies for the others: a model holds when
 * a stronger one does, and is ruled out when a weaker one is violated.
 *
 * <p>One difference from Elle: every rw edge here comes from an item (a key), never a predicate,
 * so a G-single or G-nonadjacent cycle is also a G2-item one, and rules out repeatable read.
 */
public final class ConsistencyModels {
  private ConsistencyModels() {}

  public static final String LINEARIZABLE = "linearizable";
  public static final String SEQUENTIAL = "sequential";
  public static final String CONVERGENCE = "convergence";
  /** Jepsen's counter bounds, which a linearizable counter history passes. */
  public static final String COUNTER = "counter";
  /** Jepsen's set-full analysis, which a linearizable set history passes. */
  public static final String SET_FULL = "set-full";
  public static final String STRICT_SERIALIZABLE = "strict-serializable";

  /** Which histories a model judges: single objects (registers, kv, counters, sets) or transactions. */
  public enum Family { SINGLE_OBJECT, TRANSACTIONAL }

  /** Each model and the weaker models it implies, strongest first within its family (the order tables use). */
  private static final Map<String, List<String>> IMPLIES = new LinkedHashMap<>();
  private static final Map<String, Family> FAMILY = new LinkedHashMap<>();
  /** The anomalies each model forbids beyond those of the models it implies. */
  private static final Map<String, List<String>> FORBIDS = new LinkedHashMap<>();
  /** Each anomaly and the anomalies its presence implies. */
  private static final Map<String, List<String>> ANOMALY_IMPLIES = new LinkedHashMap<>();

  private static void model(Family family, String name, List<String> implies, List<String> forbids) {
    FAMILY.put(name, family);
    IMPLIES.put(name, implies);
    FORBIDS.put(name, forbids);
  }

  private static void model(String name, List<String> implies, List<String> forbids) {
    model(Family.TRANSACTIONAL, name, implies, forbids);
  }

  private static void singleObject(String name, List<String> implies) {
    model(Family.SINGLE_OBJECT, name, implies, List.of());
  }

  static {
    singleObject(LINEARIZABLE, List.of(SEQUENTIAL, CONVERGENCE, COUNTER, SET_FULL));
    singleObject(SEQUENTIAL, Arrays.stream(SessionGuarantee.values()).map(SessionGuarantee::label).toList());
    for (SessionGuarantee g : SessionGuarantee.values()) singleObject(g.label(), List.of());
    singleObject(CONVERGENCE, List.of());
    singleObject(COUNTER, List.of());
    singleObject(SET_FULL, List.of());

    model(STRICT_SERIALIZABLE, List.of("strong-session-serializable", "strong-snapshot-isolation", "serializable", LINEARIZABLE),
        List.of("G1", "G1c-realtime", "G2-realtime"));
    model("strong-session-serializable", List.of("serializable", "strong-session-snapshot-isolation"),
        List.of("G1-process", "G2-process"));
    model("serializable", List.of("repeatable-read", "snapshot-isolation"), List.of("internal", "G1", "G2"));
    model("strong-snapshot-isolation", List.of("strong-session-snapshot-isolation", "strong-read-committed"),
        List.of("internal", "G1-realtime", "G-nonadjacent-realtime"));
    model("strong-session-snapshot-isolation", List.of("snapshot-isolation", "strong-session-read-committed"),
        List.of("internal", "G1-process", "G-nonadjacent-process"));
    model("snapshot-isolation", List.of("consistent-view", "parallel-snapshot-isolation", "monotonic-atomic-view"),
        List.of("internal", "G1", "G-nonadjacent"));
    model("repeatable-read", List.of("cursor-stability", "monotonic-atomic-view"), List.of("G1", "G2-item", "lost-update"));
    model("parallel-snapshot-isolation", List.of("update-atomic"), List.of("internal", "G1a"));
    model("consistent-view", List.of("cursor-stability"), List.of("G1", "G-single"));
    model("update-atomic", List.of("read-atomic"), List.of("lost-update"));
    model("read-atomic", List.of("monotonic-atomic-view"), List.of("internal", "G1a", "future-read"));
    model("cursor-stability", List.of("read-committed"), List.of("G1", "lost-update"));
    model("monotonic-atomic-view", List.of("read-committed"), List.of());
    model("strong-read-committed", List.of("strong-session-read-committed", "strong-read-uncommitted"), List.of("G1c-realtime"));
    model("strong-session-read-committed", List.of("read-committed", "strong-session-read-uncommitted"), List.of("G1c-process"));
    model("read-committed", List.of("read-uncommitted"), List.of("G1"));
    model("strong-read-uncommitted", List.of("strong-session-read-uncommitted"), List.of("G0-realtime"));
    model("strong-session-read-uncommitted", List.of("read-uncommitted"), List.of("G0-process"));
    model("read-uncommitted", List.of(), List.of("G0", "duplicate-elements", "cyclic-versions", "garbage-read"));

    implies("G0", "G1c", "G0-process");
    implies("G0-process", "G1c-process", "G0-realtime");
    implies("G0-realtime", "G1c-realtime");
    implies("G1a", "G1");
    implies("G1b", "G1");
    implies("G1c", "G1", "G1c-process");
    implies("G1c-process", "G1c-realtime", "G1-process");
    implies("G1c-realtime", "G1-realtime");
    implies("G1", "G1-process");
    implies("G1-process", "G1-realtime");
    implies("G-single", "G-nonadjacent", "G-single-process");
    implies("G-single-process", "G-nonadjacent-process", "G-single-realtime");
    implies("G-single-realtime", "G-nonadjacent-realtime");
    implies("G-nonadjacent", "G2-item", "G-nonadjacent-process");
    implies("G-nonadjacent-process", "G2-item-process", "G-nonadjacent-realtime");
    implies("G-nonadjacent-realtime", "G2-item-realtime");
    implies("G2-item", "G2", "G2-item-process");
    implies("G2-item-process", "G2-process", "G2-item-realtime");
    implies("G2-item-realtime", "G2-realtime");
    implies("G2", "G2-process");
    implies("G2-process", "G2-realtime");
    implies("incompatible-order", "G1a");
    implies("dirty-update", "G1a");
    implies("future-read", "G1c");
    implies("lost-update", "G2-item");
  }

  private static void implies(String anomaly, String... implied) {
    ANOMALY_IMPLIES.put(anomaly, List.of(implied));
  }

  /** Every model of {@code family}, strongest first. */
  public static List<String> names(Family family) {
    return IMPLIES.keySet().stream().filter(m -> FAMILY.get(m) == family).toList();
  }

  /** The family of {@code model}, or null for a name the lattice does not know. */
  public static Family family(String model) {
    return FAMILY.get(model);
  }

  /** Whether {@code name} is a model of {@code family}. */
  public static boolean isModel(String name, Family family) {
    return FAMILY.get(name) == family;
  }

  /** The weaker models {@code model} implies directly (none for a name the lattice does not know). */
  public static List<String> implies(String model) {
    return IMPLIES.getOrDefault(model, List.of());
  }

  /**
   * The lattice's arrows among {@code models} alone: each model to the weaker ones of them it
   * implies with none of them between (what a picture of these models draws). A name the lattice
   * does not know has no arrows.
   */
  public static Map<String, List<String>> arrows(Collection<String> models) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String m : models) {
      Set<String> below = new LinkedHashSet<>(weakerOrEqual(List.of(m)));
      below.remove(m);
      below.retainAll(models);
      List<String> direct = new ArrayList<>();
      for (String w : below) {
        if (below.stream().noneMatch(o -> !o.equals(w) && weakerOrEqual(List.of(o)).contains(w))) direct.add(w);
      }
      out.put(m, direct);
    }
    return out;
  }

  /** Every anomaly name the lattice knows. */
  public static Set<String> anomalyNames() {
    Set<String> all = new LinkedHashSet<>();
    ANOMALY_IMPLIES.forEach((a, implied) -> {
      all.add(a);
      all.addAll(implied);
    });
    FORBIDS.values().forEach(all::addAll);
    return all;
  }

  /** The given anomalies and every anomaly they imply. */
  public static Set<String> impliedBy(Collection<String> anomalies) {
    return closure(anomalies, ANOMALY_IMPLIES);
  }

  /** The given anomalies and every anomaly that implies one of them (Elle's expansion of --anomalies). */
  public static Set<String> implying(Collection<String> anomalies) {
    return closure(anomalies, invert(ANOMALY_IMPLIES));
  }

  /** The given models and every weaker model they imply. */
  public static Set<String> weakerOrEqual(Collection<String> models) {
    return closure(models, IMPLIES);
  }

  /** The given models and every stronger model implying them. */
  public static Set<String> strongerOrEqual(Collection<String> models) {
    return closure(models, invert(IMPLIES));
  }

  /** Every anomaly that cannot occur under {@code model}: its own, its weaker models', and what implies them. */
  public static Set<String> forbiddenBy(String model) {
    Set<String> direct = new LinkedHashSet<>();
    for (String m : weakerOrEqual(List.of(model))) direct.addAll(FORBIDS.getOrDefault(m, List.of()));
    return implying(direct);
  }

  /** The models these anomalies rule out, strongest first (transactional ones: no single-object model forbids an anomaly). */
  public static List<String> ruledOut(Collection<String> anomalies) {
    Set<String> present = impliedBy(anomalies);
    List<String> out = new ArrayList<>();
    for (String m : IMPLIES.keySet()) {
      for (String a : forbiddenBy(m)) {
        if (present.contains(a)) {
          out.add(m);
          break;
        }
      }
    }
    return out;
  }

  /** Of {@code models}, those no other of them implies: the weakest (Elle's :not, given the ruled-out ones). */
  public static List<String> weakest(Collection<String> models) {
    List<String> out = new ArrayList<>();
    for (String m : models) {
      boolean impliesAnother = false;
      for (String other : models) if (!other.equals(m) && weakerOrEqual(List.of(m)).contains(other)) impliesAnother = true;
      if (!impliesAnother) out.add(m);
    }
    return out;
  }

  /** Of {@code models}, those no other of them is implied by: the strongest. */
  public static List<String> strongest(Collection<String> models) {
    List<String> out = new ArrayList<>();
    for (String m : models) {
      boolean impliedByAnother = false;
      for (String other : models) if (!other.equals(m) && strongerOrEqual(List.of(m)).contains(other)) impliedByAnother = true;
      if (!impliedByAnother) out.add(m);
    }
    return out;
  }

  private static Set<String> closure(Collection<String> start, Map<String, List<String>> edges) {
    Set<String> seen = new LinkedHashSet<>(start);
    ArrayDeque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      for (String next : edges.getOrDefault(todo.pop(), List.of())) if (seen.add(next)) todo.add(next);
    }
    return seen;
  }

  private static Map<String, List<String>> invert(Map<String, List<String>> edges) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    edges.forEach((from, tos) -> {
      for (String to : tos) out.computeIfAbsent(to, x -> new ArrayList<>()).add(from);
    });
    return out;
  }
}
