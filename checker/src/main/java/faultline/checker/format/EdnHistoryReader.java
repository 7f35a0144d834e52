package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.Keyword;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.history.Tagged;
import faultline.checker.history.Values;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;

/**
 * Reads Jepsen EDN histories: a vector or list of op maps, or one op map per line (as Jepsen's
 * history.edn and Knossos's test data are written), with {@code ;} comments. {@code :process} is
 * an integer, a keyword or a string, {@code :c1} and {@code "c1"} being two processes (any but
 * {@code :nemesis} is a client); {@code :time}, {@code :index} and {@code :error} are optional.
 */
final class EdnHistoryReader {
  private final String source;

  EdnHistoryReader(String source) {
    this.source = source;
  }

  History read(String text) throws MalformedHistoryException {
    EdnForms forms = new EdnForms(source, text);
    List<EdnForms.Form> top = forms.between(0, text.length());
    if (top.isEmpty()) throw new MalformedHistoryException(source, 0, "empty history (no events)");
    List<EdnForms.Form> ops = top;
    int from = 0, to = text.length();
    EdnForms.Form first = top.get(0);
    char open = first.first(text);
    if (open == '[' || open == '(') {
      if (top.size() > 1) {
        throw new MalformedHistoryException(source, top.get(1).line(), "unexpected form after the history's closing bracket");
      }
      from = first.start() + 1;
      to = first.end() - 1;
      ops = forms.between(from, to);
      if (ops.isEmpty()) throw new MalformedHistoryException(source, first.line(), "empty history (no events)");
    }
    // Every form in one pass; one at a time only when that fails, to name the bad form's line.
    List<Object> all = EdnValues.parseAll(text.subSequence(from, to));
    boolean whole = all != null && all.size() == ops.size();
    History.Builder history = History.builder(source);
    for (int i = 0; i < ops.size(); i++) {
      EdnForms.Form form = ops.get(i);
      Object parsed;
      try {
        parsed = whole ? all.get(i) : EdnValues.parseOne(text.subSequence(form.start(), form.end()));
      } catch (EdnException | IllegalArgumentException e) {
        String m = e.getMessage();
        throw new MalformedHistoryException(source, form.line(), m != null && m.startsWith("a string holds") ? m : "malformed EDN (" + m + ")");
      }
      // A record literal such as Jepsen's #jepsen.history.Op{...} is the op map under a tag.
      if (parsed instanceof Tagged t && t.value() instanceof Map<?, ?>) parsed = t.value();
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new MalformedHistoryException(source, form.line(), "expected an op map such as {:process 0, :type :invoke, :f :read, :value nil}");
      }
      history.add(toOp(map, form.line(), history.nextIndex()), form.line());
    }
    return history.build();
  }

  private Op toOp(Map<?, ?> m, long line, long position) throws MalformedHistoryException {
    Object process = field(m, "process");
    Object type = name(field(m, "type"));
    Object givenF = name(field(m, "f"));
    Object value = EdnValues.opValue(givenF instanceof String s ? s : null, field(m, "value"));
    Object f = givenF != null ? givenF : ImpliedFunction.of(value);
    if (type == null) throw bad(line, "missing :type");
    if (f == null) throw bad(line, "missing :f (only a list of micro-ops may omit it, as a transaction)");
    OpType opType = type instanceof String s ? OpType.ofLabel(s) : null;
    if (opType == null) throw bad(line, "unknown type " + (type instanceof String s ? s : Values.show(type)) + " (expected :invoke, :ok, :fail or :info)");
    // A keyword and a string name two processes, as under Clojure's equality.
    long index = integerOr(field(m, "index"), position, line, "index");
    Process p = switch (process) {
      case null -> Process.orUnnamed(null, opType, index, source, line);
      case Long id -> Process.client(id);
      case Keyword name -> Process.named(name.name());
      case String name -> Process.quoted(name);
      default -> throw bad(line, ":process must be an integer or a keyword such as :nemesis");
    };
    long time = integerOr(field(m, "time"), Op.NO_TIME, line, "time");
    Object error = name(field(m, "error"));
    return new Op(index, time, p, opType, String.valueOf(f), field(m, "key"), value,
        error == null ? null : error instanceof String text ? text : Values.show(error), node(field(m, "node")));
  }

  /** {@code :node {:name "n1", ...}}: the names of its fields, as the JSONL reader gives them. */
  private static Object node(Object v) {
    if (!(v instanceof Map<?, ?> map)) return v;
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, value) -> out.put(k instanceof Keyword kw ? kw.name() : String.valueOf(k), value));
    return out;
  }

  /** An op map's field, under its keyword ({@code :process}) or, as some tools write it, its name. */
  private static Object field(Map<?, ?> m, String name) {
    Object v = m.get(new Keyword(name));
    return v != null ? v : m.get(name);
  }

  /** A keyword naming a type, a function or an error reads as its name. */
  private static Object name(Object v) {
    return v instanceof Keyword k ? k.name() : v;
  }

  private long integerOr(Object v, long otherwise, long line, String field) throws MalformedHistoryException {
    if (v == null) return otherwise;
    if (v instanceof Long l) return l;
    throw bad(line, ":" + field + " must be an integer");
  }

  private MalformedHistoryException bad(long line, String problem) {
    return new MalformedHistoryException(source, line, problem);
  }
}
