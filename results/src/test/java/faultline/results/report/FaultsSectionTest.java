package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFiles;
import faultline.checker.history.History;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsSectionTest {
  @TempDir Path dir;

  private History history(String jsonl) throws Exception {
    Path file = dir.resolve("history.jsonl");
    Files.writeString(file, jsonl);
    return HistoryFiles.read(file, null);
  }

  @Test
  void eachFaultWindowWithWhatItDidAndEachFailedFaultOpWithItsReason() throws Exception {
    History h = history("""
        {"index":0,"time":500000000,"process":0,"type":"invoke","f":"write","key":"r","value":1}
        {"index":1,"time":1000000000,"process":"nemesis","type":"invoke","f":"start-partition","value":"halves"}
        {"index":2,"time":1100000000,"process":"nemesis","type":"info","f":"start-partition","value":{"isolated":["n2"],"links":["n1-n2","n3-n2"]}}
        {"index":3,"time":1200000000,"process":0,"type":"ok","f":"write","key":"r","value":1}
        {"index":4,"time":3000000000,"process":"nemesis","type":"invoke","f":"stop-partition","value":null}
        {"index":5,"time":3500000000,"process":"nemesis","type":"info","f":"stop-partition","value":{"healed":["n1-n2","n3-n2"]}}
        {"index":6,"time":4000000000,"process":"nemesis","type":"invoke","f":"start-clock","value":"n1<b>"}
        {"index":7,"time":4100000000,"process":"nemesis","type":"fail","f":"start-clock","value":"n1<b>","error":"faketime <missing> on n1"}
        {"index":8,"time":5000000000,"process":"nemesis","type":"invoke","f":"start-kill","value":"random"}
        {"index":9,"time":5200000000,"process":"nemesis","type":"info","f":"start-kill","value":{"node":"n3","pid":4242}}
        """);
    String html = FaultsSection.html(h, Timeline.of(h));

    // The partition: from its start's invocation to its stop's completion, 2.5 s, what it was asked and did, and what ended it.
    assertThat(html).contains("<tr class=\"fault\"><td>partition</td><td>1.00 s</td><td>3.50 s</td><td>2.50 s</td><td>&quot;halves&quot;</td>"
        + "<td>{&quot;isolated&quot; [&quot;n2&quot;], &quot;links&quot; [&quot;n1-n2&quot; &quot;n3-n2&quot;]}</td>"
        + "<td>stop-partition: {&quot;healed&quot; [&quot;n1-n2&quot; &quot;n3-n2&quot;]}</td>");
    // The kill is never stopped: it lasts to the end of the history, on node n3.
    assertThat(html).contains("<tr class=\"fault\"><td>kill</td><td>5.00 s</td><td>5.20 s</td><td>0.20 s</td><td>&quot;random&quot;</td>"
        + "<td>{&quot;node&quot; &quot;n3&quot;, &quot;pid&quot; 4242}</td><td>the end of the history</td>");
    // The clock fault failed: no window, a row with its reason; the values escaped.
    assertThat(html).doesNotContain("<td>clock</td>", "n1<b>", "<missing>");
    assertThat(html).contains("<tr class=\"failed-fault\"><td>start-clock</td><td>4.00 s</td><td><b>failed: not applied</b></td>"
        + "<td>&quot;n1&lt;b&gt;&quot;</td><td>faketime &lt;missing&gt; on n1</td>");
    assertThat(html.split("<tr class=\"fault\">", -1)).hasSize(3);
    assertThat(html.split("<tr class=\"failed-fault\">", -1)).hasSize(2);
    assertThat(html).contains("data-goto=\"1\"", "data-goto=\"6\"");
  }

  @Test
  void aHistoryWithoutNemesisOpsHasNoFaultsSection() throws Exception {
    History h = history("""
        {"index":0,"time":1,"process":0,"type":"invoke","f":"write","key":"r","value":1}
        {"index":1,"time":2,"process":0,"type":"ok","f":"write","key":"r","value":1}
        """);
    assertThat(FaultsSection.html(h, Timeline.of(h))).isEmpty();
  }

  @Test
  void aNemesisWithoutStartOpsHasItsOpsListed() throws Exception {
    History h = HistoryFiles.read(Path.of("..", "examples", "register-stale-read.jsonl"), null);
    String html = FaultsSection.html(h, Timeline.of(h));
    assertThat(html).doesNotContain("id=\"faults\"").contains("none opens a fault window", "<td>partition</td>",
        "{&quot;isolated&quot; [&quot;n2&quot;]}", "<td>heal</td>");
  }
}
