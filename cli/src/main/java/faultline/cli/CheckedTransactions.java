package faultline.cli;

import faultline.checker.Result;
import faultline.checker.UnknownName;
import faultline.checker.Verdict;
import faultline.checker.consistency.ConsistencyModels;
import faultline.checker.txn.TransactionalCheckers;
import faultline.checker.txn.TxnResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code faultline check} on transactional histories (Elle's list-append and rw-register, bank,
 * long-fork): the options elle-cli passes to Elle, and how the result is printed, from the
 * details of the transactional checker's {@link Result} (Elle's shape). Which checker a history
 * goes to, and which reader reads it, is HistoryCheck's to decide.
 */
final class CheckedTransactions {
  private CheckedTransactions() {}

  /** The models asked for; Elle's default, strict-serializable, unless only --anomalies was given (null: judge by them). */
  static List<String> models(String option, String anomalies) {
    if (option == null) return anomalies == null ? List.of("strict-serializable") : null;
    List<String> models = split("--consistency-models", option);
    for (String m : models) {
      if (!ConsistencyModels.isModel(m, ConsistencyModels.Family.TRANSACTIONAL)) {
        throw new UserError(ExitCode.USAGE, UnknownName.message("consistency model", m, ConsistencyModels.names(ConsistencyModels.Family.TRANSACTIONAL)));
      }
    }
    return models;
  }

  static Set<String> anomalies(String option) {
    if (option == null) return null;
    Set<String> out = new LinkedHashSet<>(split("--anomalies", option));
    Set<String> known = ConsistencyModels.anomalyNames();
    for (String a : out) {
      if (!known.contains(a)) throw new UserError(ExitCode.USAGE, UnknownName.message("anomaly", a, known));
    }
    return out;
  }

  /** The names in a comma-separated option; none at all ("", ",") would judge nothing, and is refused. */
  private static List<String> split(String name, String option) {
    List<String> names = Arrays.stream(option.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (names.isEmpty()) throw new UserError(ExitCode.USAGE, name + " names nothing (give at least one name, or leave the option out)");
    return names;
  }

  /**
   * The requested models the history rules out, as its own table says: a requested model that
   * table calls valid or unknown is not named after NOT. What the table does not hold (bank's
   * and long-fork's invariants, "free of" the --anomalies asked) is named as asked.
   */
  static List<String> ruledOut(List<String> requested, Map<?, ?> models) {
    Set<String> notInvalid = new LinkedHashSet<>();
    models.forEach((m, v) -> {
      if (!(v instanceof Map<?, ?> one) || Verdict.ofJson(one.get("valid")) != Verdict.INVALID) notInvalid.add(String.valueOf(m));
    });
    List<String> out = requested.stream().filter(m -> !notInvalid.contains(m)).toList();
    return out.isEmpty() ? requested : out;
  }

  /**
   * A transactional checker's result: the headline, Elle's tables (from its details), and, for an
   * invalid one, the node each shown anomaly's transactions ran on, where the history says it.
   */
  static void print(PrintStream out, Path file, Result r) {
    Map<String, Object> d = r.details();
    Map<?, ?> txns = d.get("txns") instanceof Map<?, ?> m ? m : Map.of();
    long crashed = count(txns.get("info"));
    long failed = count(txns.get("fail"));
    String what = d.get("model") + (Boolean.TRUE.equals(d.get("model-guessed")) ? " (guessed)" : "") + ", " + count(txns.get("ok")) + " ok"
        + (crashed > 0 ? ", " + crashed + " info" : "") + (failed > 0 ? ", " + failed + " failed" : "")
        + " txns, " + d.get("check-ms") + " ms";
    List<String> requested = names(d.get("consistency-models"));
    String models = String.join(", ", requested);
    switch (r.verdict()) {
      case VALID -> out.println(file + ": " + models + " (" + what + ")");
      case INVALID -> out.println(file + ": NOT " + String.join(", ", ruledOut(requested, d.get("models") instanceof Map<?, ?> m ? m : Map.of()))
          + " (" + what + "): " + String.join(", ", names(d.get("anomaly-types"))));
      case UNKNOWN -> out.println(file + ": UNKNOWN whether " + models + ": " + r.reason() + " (" + what + ")");
    }
    int shown = r.verdict() == Verdict.VALID ? 0 : 2;
    for (String line : TxnResult.text(d, shown)) out.println("  " + line);
    if (r.verdict() != Verdict.INVALID) return;
    // The result explains the first anomalies of each type, in order, with the nodes that served them.
    for (String type : names(d.get("anomaly-types"))) {
      r.explanations().stream().filter(e -> e.type().equals(type)).limit(shown).forEach(e -> {
        if (e.data().get("nodes") instanceof Map<?, ?> nodes && !nodes.isEmpty()) {
          Map<String, Object> named = new LinkedHashMap<>();
          nodes.forEach((t, n) -> named.put(String.valueOf(t), n));
          out.println("  " + type + ": " + Terminal.oneLine(TransactionalCheckers.servedLine(named)));
        }
      });
    }
  }

  private static long count(Object n) {
    return n instanceof Number number ? number.longValue() : 0;
  }

  private static List<String> names(Object list) {
    return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
