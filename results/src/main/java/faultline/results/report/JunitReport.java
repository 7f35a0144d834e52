package faultline.results.report;

import faultline.checker.WitnessOp;
import faultline.checker.Verdict;
import java.util.List;
import java.util.Map;

/**
 * junit.xml: one test suite per run, one test case per checker and per consistency model, so CI
 * systems show a run's verdicts natively. An anomaly is a {@code <failure>} carrying the
 * explanation; an undecided check is an {@code <error>}, because a CI gate must not pass it.
 */
public final class JunitReport {
  private JunitReport() {}

  public static String render(RunInputs run, List<Finding> findings) {
    String suite = "faultline." + run.name();
    long failures = findings.stream().filter(f -> f.verdict() == Verdict.INVALID).count();
    long errors = findings.stream().filter(f -> f.verdict() == Verdict.UNKNOWN && f.decidesRun()).count();
    long skipped = findings.stream().filter(f -> f.verdict() == Verdict.UNKNOWN && !f.decidesRun()).count();
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites name=\"faultline\" tests=\"").append(findings.size()).append("\" failures=\"").append(failures)
        .append("\" errors=\"").append(errors).append("\">\n");
    out.append("  <testsuite name=\"").append(xml(suite)).append("\" tests=\"").append(findings.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped).append("\"");
    if (run.test().get("started") != null) out.append(" timestamp=\"").append(xml(timestamp(run.test().get("started")))).append('"');
    out.append(">\n    <properties>\n");
    for (Map.Entry<String, Object> e : run.test().entrySet()) {
      out.append("      <property name=\"").append(xml(e.getKey())).append("\" value=\"").append(xml(String.valueOf(e.getValue()))).append("\"/>\n");
    }
    String command = ReproduceCommand.of(run.test());
    if (command != null) out.append("      <property name=\"reproduce\" value=\"").append(xml(command)).append("\"/>\n");
    out.append("    </properties>\n");
    for (Finding f : findings) {
      out.append("    <testcase classname=\"").append(xml(suite)).append("\" name=\"").append(xml(f.name())).append("\">");
      String body = explanation(f);
      switch (f.verdict()) {
        case VALID -> {}
        case INVALID -> out.append("\n      <failure type=\"anomaly\" message=\"").append(xml(f.summary())).append("\">")
            .append(xml(body)).append("</failure>\n    ");
        case UNKNOWN -> {
          if (f.decidesRun()) out.append("\n      <error type=\"unknown\" message=\"").append(xml("undecided: " + f.summary())).append("\">")
            .append(xml(body)).append("</error>\n    ");
          // A model the history cannot judge (say, convergence without final reads) is not a failed run.
          else out.append("\n      <skipped message=\"").append(xml("undecided: " + f.summary())).append("\"/>\n    ");
        }
      }
      out.append("</testcase>\n");
    }
    out.append("  </testsuite>\n</testsuites>\n");
    return out.toString();
  }

  /** The checker's words, then the witness ops one per line. */
  private static String explanation(Finding f) {
    StringBuilder out = new StringBuilder();
    for (String e : f.explanations()) out.append(e).append("\n\n");
    if (!f.witness().isEmpty()) {
      out.append("witness ops:\n");
      for (WitnessOp op : f.witness()) {
        out.append("  ").append(op.role()).append(": process ").append(op.process()).append(' ').append(op.what())
            .append(" (").append(op.events()).append(')');
        if (op.note() != null) out.append(": ").append(op.note());
        out.append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  /** JUnit wants ISO-8601 without fractions. */
  private static String timestamp(Object started) {
    String s = started.toString();
    int dot = s.indexOf('.');
    return dot > 0 ? s.substring(0, dot) : s;
  }

  static String xml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') out.append(c); // XML 1.0 forbids other controls
        }
      }
    }
    return out.toString();
  }
}
