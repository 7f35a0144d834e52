package faultline.cli;

import faultline.checker.UnknownName;
import faultline.checker.Verdict;
import faultline.checker.format.HistoryFormat;
import faultline.checker.txn.Anomaly;
import faultline.checker.consistency.ConsistencyModels;
import faultline.checker.txn.ModelOutcome;
import faultline.checker.txn.TransactionalCheckers;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnJsonlReader;
import faultline.checker.txn.TxnResult;
import faultline.checker.txn.TxnWorkload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code faultline check} on transactional histories (Elle's list-append and rw-register, bank,
 * long-fork): the options elle-cli passes to Elle, the fast way in for big list-append files, and
 * how the result is printed. Which checker a history goes to is HistoryCheck's to decide.
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
   * The file's transactions read the fast way ({@link TxnJsonlReader}: faultline JSONL list-append
   * histories), or null, and the general reader reads it.
   */
  static TxnHistory readFast(Path file, HistoryFormat format, String model) throws IOException {
    if (format != null && format != HistoryFormat.JSONL) return null;
    if (model != null && !model.equals(TxnWorkload.LIST_APPEND.label())) return null;
    return TxnJsonlReader.read(file);
  }

  /**
   * The requested models the history rules out, as its own table says: a requested model that
   * table calls valid or unknown is not named after NOT. What the table does not hold (bank's
   * and long-fork's invariants, "free of" the --anomalies asked) is named as asked.
   */
  static List<String> ruledOut(TxnResult r) {
    Set<String> notInvalid = new LinkedHashSet<>();
    for (ModelOutcome m : r.models()) if (m.verdict() != Verdict.INVALID) notInvalid.add(m.model());
    List<String> out = r.requested().stream().filter(m -> !notInvalid.contains(m)).toList();
    return out.isEmpty() ? r.requested() : out;
  }

  /**
   * @param servedBy each completion's serving node by event index (empty when the history does not
   *     say): the shown anomalies name the node each transaction ran on
   */
  static void print(PrintStream out, Path file, TxnResult r, boolean guessed, Map<Long, Object> servedBy) {
    String what = r.workload().label() + (guessed ? " (guessed)" : "") + ", " + r.committed() + " ok"
        + (r.crashed() > 0 ? ", " + r.crashed() + " info" : "") + (r.failed() > 0 ? ", " + r.failed() + " failed" : "")
        + " txns, " + r.checkMillis() + " ms";
    String models = String.join(", ", r.requested());
    switch (r.verdict()) {
      case VALID -> out.println(file + ": " + models + " (" + what + ")");
      case INVALID -> out.println(file + ": NOT " + String.join(", ", ruledOut(r)) + " (" + what + "): " + String.join(", ", r.anomalyTypes()));
      case UNKNOWN -> out.println(file + ": UNKNOWN whether " + models + ": " + r.reason() + " (" + what + ")");
    }
    int shown = r.verdict() == Verdict.VALID ? 0 : 2;
    for (String line : r.text(shown)) out.println("  " + line);
    if (servedBy.isEmpty()) return;
    r.anomalies().forEach((type, found) -> {
      for (Anomaly a : found.subList(0, Math.min(shown, found.size()))) {
        Map<String, Object> nodes = TransactionalCheckers.nodesOf(a, servedBy);
        if (!nodes.isEmpty()) out.println("  " + type + ": " + Terminal.oneLine(TransactionalCheckers.servedLine(nodes)));
      }
    });
  }
}
