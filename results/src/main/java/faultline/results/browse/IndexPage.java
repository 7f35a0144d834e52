package faultline.results.browse;

import faultline.results.report.Finding;
import java.util.List;

/** The results browser's index: every run of the store, newest first, linking to its reports and files. */
final class IndexPage {
  private static final List<String> FILES = List.of("history.jsonl", "results.json", "test.json", "junit.xml", "summary.md");

  private IndexPage() {}

  static String render(Store store, List<StoredRun> runs) {
    StringBuilder out = new StringBuilder(8192);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>faultline runs</title><style>\n")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 20px 40px;color:#1b1b1b}")
        .append("h1{font-size:22px}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 10px 4px 0;border-bottom:1px solid #eee;vertical-align:top}")
        .append("th{color:#444}.badge{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:600;font-size:13px}")
        .append(".valid{background:#e3f4e4;color:#1b5e20}.INVALID{background:#fde4e4;color:#b71c1c}.unknown{background:#fff1d6;color:#8a5300}")
        .append(".none{background:#eee;color:#555}td.files a{margin-right:8px}.sub{color:#555}\n</style></head><body>\n")
        .append("<h1>faultline runs</h1>\n<p class=\"sub\">").append(runs.size()).append(" runs in ").append(esc(store.root().toString()))
        .append(", newest first. Render a run's reports again with <code>faultline report RUN_DIR</code>.</p>\n");
    out.append("<table id=\"runs\"><tr><th>test</th><th>time</th><th>verdict</th><th>ops</th><th>faults</th><th>files</th></tr>\n");
    for (StoredRun run : runs) {
      String base = "/runs/" + run.test() + "/" + run.time() + "/";
      String verdict = run.verdict() == null ? "no results" : Finding.word(run.verdict());
      out.append("<tr class=\"run\"><td>");
      if (run.has("report.html")) out.append("<a class=\"report\" href=\"").append(esc(base)).append("report.html\">").append(esc(run.test())).append("</a>");
      else out.append(esc(run.test()));
      out.append("</td><td>").append(esc(readableTime(run.time()))).append("</td><td><span class=\"badge ")
          .append(run.verdict() == null ? "none" : verdict).append("\">").append(verdict).append("</span></td><td>")
          .append(run.ops() < 0 ? "" : String.format("%,d", run.ops())).append("</td><td>")
          .append(esc(run.faults().isEmpty() ? "none" : String.join(", ", run.faults()))).append("</td><td class=\"files\">");
      if (run.has("report.html")) out.append("<a href=\"").append(esc(base)).append("report.html\">report</a>");
      for (String file : FILES) {
        if (run.has(file)) out.append("<a href=\"").append(esc(base + file)).append("\">").append(file).append("</a>");
      }
      out.append("</td></tr>\n");
    }
    if (runs.isEmpty()) out.append("<tr><td colspan=\"6\">no runs yet: <code>faultline run</code> makes one</td></tr>\n");
    out.append("</table>\n</body></html>\n");
    return out.toString();
  }

  /** 20261126T065732.511 as 2026-11-26 06:57:32. */
  static String readableTime(String folder) {
    if (!folder.matches("\\d{8}T\\d{6}.*")) return folder;
    return folder.substring(0, 4) + "-" + folder.substring(4, 6) + "-" + folder.substring(6, 8) + " "
        + folder.substring(9, 11) + ":" + folder.substring(11, 13) + ":" + folder.substring(13, 15);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
