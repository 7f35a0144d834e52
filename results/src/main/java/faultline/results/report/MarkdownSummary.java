package faultline.results.report;

import faultline.checker.WitnessOp;
import faultline.checker.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * summary.md: a short account to paste into an issue or publish: what ran, what faults, what was
 * found, and the witness.
 */
public final class MarkdownSummary {
  private MarkdownSummary() {}

  public static String render(RunInputs run, List<Finding> findings, Timeline timeline) {
    Verdict overall = Finding.overall(findings);
    StringBuilder out = new StringBuilder();
    out.append("# ").append(run.name()).append(": ").append(Finding.word(overall)).append("\n\n");
    Map<String, Object> test = run.test();
    if (test.get("description") != null) out.append(test.get("description")).append(".\n\n");

    out.append("## What ran\n\n");
    if (!test.isEmpty()) {
      out.append("- ").append(test.getOrDefault("workload", "?")).append(" workload, client `").append(test.getOrDefault("client", "?"))
          .append("`, on ").append(test.getOrDefault("topology", "?")).append(" (").append(test.getOrDefault("durability", "default durability"))
          .append(")\n");
      out.append("- ").append(test.getOrDefault("concurrency", "?")).append(" processes for ").append(test.getOrDefault("time-limit-s", "?"))
          .append(" s at up to ").append(test.getOrDefault("rate", "?")).append(" ops/s, seed ").append(test.getOrDefault("seed", "?")).append('\n');
      ran(out, test);
    } else {
      out.append("- a history from elsewhere: `").append(run.history().source()).append("`\n");
    }
    long client = timeline.ops().stream().filter(o -> !o.isNemesis()).count();
    long ok = count(timeline, "ok");
    long fail = count(timeline, "fail");
    long info = count(timeline, "info");
    out.append("- ").append(client).append(" ops: ").append(ok).append(" ok, ").append(fail).append(" fail, ").append(info)
        .append(" info (outcome unknown)\n");
    String command = ReproduceCommand.of(test);
    if (command != null) out.append("- reproduce: ").append(codeSpan(command)).append("\n");

    out.append("\n## Faults\n\n");
    List<NemesisInterval> faults = timeline.nemesisIntervals();
    if (faults.isEmpty()) {
      out.append("None injected by a nemesis").append(test.get("replication-latency-ms") instanceof Number n && n.longValue() > 0
          ? "; replication links slowed by " + n + " ms" : "").append(".\n");
    } else {
      for (NemesisInterval f : faults) {
        out.append("- ").append(f.name()).append(timeline.realTime()
            ? String.format(" from %.2f s to %.2f s%n", f.start() / 1e9, f.end() / 1e9)
            : " from event " + f.start() + " to event " + f.end() + "\n");
      }
    }

    out.append("\n## What was found\n\n| check | verdict | |\n|---|---|---|\n");
    for (Finding f : findings) {
      out.append("| ").append(cell(f.name())).append(" | ").append(f.verdict() == Verdict.VALID ? "valid" : "**" + f.verdictWord() + "**")
          .append(" | ").append(cell(f.summary())).append(" |\n");
    }
    Set<String> shown = new HashSet<>(); // a model's witness is often its checker's
    for (Finding f : findings) {
      if (f.verdict() != Verdict.INVALID || (!f.explanations().isEmpty() && !shown.add(f.explanations().get(0)))) continue;
      out.append("\n### ").append(f.name()).append("\n\n");
      // The first two: a checker's summary of the anomaly and its first instance.
      List<String> lead = f.explanations().stream().limit(2).toList();
      if (!lead.isEmpty()) out.append("```\n").append(String.join("\n", lead)).append("\n```\n");
      if (f.explanations().size() > 2) out.append("\n... and ").append(f.explanations().size() - 2).append(" more explanations in report.html.\n");
      List<WitnessOp> ops = f.witness().stream().limit(12).toList();
      if (!ops.isEmpty()) {
        out.append("\n| role | process | op | value | events | why |\n|---|---|---|---|---|---|\n");
        for (WitnessOp op : ops) {
          out.append("| ").append(cell(op.role())).append(" | ").append(cell(String.valueOf(op.process()))).append(" | ").append(cell(op.what())).append(" | ")
              .append(cell(Findings.shownValue(op))).append(" | ").append(cell(op.events())).append(" | ")
              .append(op.note() == null ? "" : cell(op.note())).append(" |\n");
        }
      }
    }
    return out.toString();
  }

  /** test.json's "ran": what each program said it was (versions, durability), one line each. */
  private static void ran(StringBuilder out, Map<String, Object> test) {
    if (!(test.get("ran") instanceof Map<?, ?> ran)) return;
    if (ran.get("nodes") instanceof Map<?, ?> nodes) {
      nodes.forEach((name, facts) -> {
        if (!(facts instanceof Map<?, ?> f)) return;
        out.append("- ").append(cell(String.valueOf(name))).append(": ");
        out.append(f.get("error") != null ? cell(String.valueOf(f.get("error"))) : "version " + cell(String.valueOf(f.get("version")))
            + (f.get("settings") instanceof Map<?, ?> settings ? ", " + cell(settings.toString()) : ""));
        out.append('\n');
      });
    }
    Object faultline = ran.get("faultline") instanceof Map<?, ?> m ? m.get("commit") + (Boolean.TRUE.equals(m.get("modified")) ? " (modified)" : "") : null;
    out.append("- Toxiproxy ").append(cell(String.valueOf(ran.get("toxiproxy")))).append(", faultline ").append(cell(String.valueOf(faultline)))
        .append(", ").append(cell(String.valueOf(ran.get("jdk")))).append(", ").append(cell(String.valueOf(ran.get("os"))))
        .append(", ").append(cell(String.valueOf(ran.get("kernel")))).append('\n');
  }

  private static long count(Timeline timeline, String outcome) {
    return timeline.ops().stream().filter(o -> !o.isNemesis() && o.outcome().equals(outcome)).count();
  }

  /**
   * A value as a table cell's text: markdown renderers pass raw HTML through, so '<', '>' and '&'
   * become entities, a '|' would end the cell so it is escaped, and a line break would end the row.
   */
  private static String cell(String s) {
    return HtmlReport.esc(s).replace("|", "\\|").replaceAll("[\\n\\r\u2028\u2029]", " ");
  }

  /**
   * {@code text} as a Markdown code span: its delimiter a run of backticks longer than any in the
   * text, so that a backtick in a (quoted) value cannot end it (CommonMark 6.1).
   */
  static String codeSpan(String text) {
    int longest = 0;
    for (int i = 0, run = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = longest > 0 ? " " : "";
    return fence + pad + text + pad + fence;
  }
}
