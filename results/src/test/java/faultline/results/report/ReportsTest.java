package faultline.results.report;

import faultline.checker.WitnessOp;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.HistoryCheck;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportsTest {
  @TempDir Path store;

  @Test
  void anInvalidRunsReportsExplainTheStaleReadAndItsWitness() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "stale-read", 2_000, 20, true, 42);
    Reports.Rendered rendered = Reports.renderRunFolder(run.directory());

    Document junit = parse(run.directory().resolve("junit.xml"));
    Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("faultline.stale-read");
    NodeList failures = junit.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    String explanation = failures.item(0).getTextContent();
    assertThat(explanation).contains("process 1001's read 1", "can't read 1 from register 2", "no order of the operations before it explains it");
    assertThat(((Element) failures.item(0).getParentNode()).getAttribute("name")).isEqualTo("linearizable (register)");

    String html = Files.readString(rendered.html());
    assertThat(html).contains("<span id=\"verdict\" class=\"badge INVALID\">INVALID</span>", "can&#39;t read 1".replace("&#39;", "'"),
        "bin/faultline run --scenario stale-read --nemesis partition-halves --nemesis-interval 2 --read-from replica", "--seed 42");
    assertThat(html).doesNotContain("<script src=", "<link rel=\"stylesheet\"", "http://", "https://"); // nothing to fetch: it opens offline
    assertThat(html).contains("data:image/svg+xml;base64,"); // the plots, inline

    String summary = Files.readString(run.directory().resolve("summary.md"));
    assertThat(summary).startsWith("# stale-read: INVALID").contains("partition-halves", "| anomaly | 1001 |", "can't read 1 from register 2");
    assertThat(run.directory().resolve("latency.png")).isNotEmptyFile();
    assertThat(run.directory().resolve("throughput.png")).isNotEmptyFile();
  }

  @Test
  void aValidRunsJunitHasATestCaseAndNoFailure() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "valid-register", 2_000, 20, false, 43);
    Reports.renderRunFolder(run.directory());

    Document junit = parse(run.directory().resolve("junit.xml"));
    assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(1);
    assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
    assertThat(junit.getElementsByTagName("error").getLength()).isZero();
    assertThat(Files.readString(run.directory().resolve("summary.md"))).startsWith("# valid-register: valid");
  }

  @Test
  void aTransactionalCycleIsDrawnAsAGraphWithItsExplanationAndLinksToTheTimeline() throws Exception {
    RunFolder run = RunFixtures.writeSkewRun(store, "x<script>");
    Reports.Rendered rendered = Reports.renderRunFolder(run.directory());
    String html = Files.readString(rendered.html());
    assertThat(html).contains("<h2 id=\"cycles\">Dependency cycles</h2>").contains("<svg class=\"cycle-graph\"").contains("G2-item");
    // Two transactions, two rw steps, each arrow labelled with its key (escaped), each node linked to its invocation.
    assertThat(html).contains("class=\"dep rw\"").contains("rw x&lt;script&gt;").doesNotContain("rw x<script>");
    assertThat(html).containsPattern("<g class=\"txn\" data-goto=\"[01]\"");
    assertThat(html).contains("a contradiction");
  }

  @Test
  void aRegisterWitnessIsShownOnceThoughTheCheckerAndItsLinearizableModelBothCarryIt() throws Exception {
    Path file = Path.of("..", "examples", "register-stale-read.jsonl");
    Map<String, Object> check = HistoryCheck.of(file).check().toJson();
    String html = Files.readString(Reports.renderCheckedFile(file, null, check, store.resolve("stale")).html());
    assertThat(html).contains("<h3>model linearizable: INVALID</h3>".replace("<h3>model ", "<td>model ").replace(": INVALID</h3>", "</td>"));
    assertThat(count(html, "<table class=\"witness\">")).isEqualTo(1);
    assertThat(count(html, "but no order of the operations before it explains it")).isEqualTo(1);
  }

  @Test
  void aCheckedLockHistoryShowsEachOfItsWorkloadsCheckersAsARunsReportDoes() throws Exception {
    Path file = Path.of("..", "examples", "lock-client-pause.jsonl");
    Map<String, Object> check = HistoryCheck.of(file).check().toJson();
    Path dir = store.resolve("lock");
    String html = Files.readString(Reports.renderCheckedFile(file, null, check, dir).html());
    assertThat(html).contains("<h3>mutex: INVALID</h3>", "<h3>resource: INVALID</h3>").doesNotContain("<h3>lock: INVALID</h3>");
    Document junit = parse(dir.resolve("junit.xml"));
    assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("summary.md"))).contains("| mutex | **INVALID** |", "| resource | **INVALID** |");
  }

  @Test
  void aCycleIsExplainedOnceBesideItsPicture() throws Exception {
    RunFolder run = RunFixtures.writeSkewRun(store, "x");
    String html = Files.readString(Reports.renderRunFolder(run.directory()).html());
    int cycles = count(html, "<figure class=\"cycle\">");
    assertThat(cycles).isPositive();
    assertThat(count(html, "a contradiction!")).isEqualTo(cycles);
    assertThat(html).contains(cycles == 1 ? "1 cycle, drawn and explained" : cycles + " cycles, drawn and explained");
  }

  @Test
  void aCycleOfACheckedFileIsExplainedOnceThoughItsResultExplainsItToo() throws Exception {
    // A transactional Result explains each cycle as "G2-item: Let: ..."; the picture's text is the same cycle.
    Path file = Path.of("..", "examples", "list-append-write-skew.jsonl");
    Map<String, Object> check = HistoryCheck.of(file).check().toJson();
    String html = Files.readString(Reports.renderCheckedFile(file, null, check, store.resolve("skew")).html());
    int cycles = count(html, "<figure class=\"cycle\">");
    assertThat(cycles).isEqualTo(2);
    assertThat(count(html, "a contradiction!")).isEqualTo(cycles);
    assertThat(html).contains("<h3>list-append: INVALID</h3>");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void witnessOpsComeFromTheResultsWithTheirRoles() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "stale-read", 300, 5, true, 44);
    RunInputs inputs = RunInputs.load(run.directory());
    Finding finding = Findings.of(inputs.results()).get(0);
    WitnessOp anomaly = finding.focus();
    assertThat(anomaly.role()).isEqualTo("anomaly");
    assertThat(anomaly.process()).isEqualTo(1001);
    assertThat(anomaly.note()).isEqualTo("can't read 1 from register 2");
    // The witness's event indices are those of the history, so the timeline can find the ops.
    var ops = Timeline.of(inputs.history()).ops();
    assertThat(ops).anySatisfy(op -> {
      assertThat(op.invokeIndex()).isEqualTo(anomaly.invokeIndex());
      assertThat(op.process()).isEqualTo(1001L);
      assertThat(op.result()).isEqualTo(1L);
    });
    assertThat(Timeline.of(inputs.history()).nemesisIntervals()).singleElement().satisfies(band -> assertThat(band.name()).isEqualTo("partition"));
  }

  @Test
  void aHundredThousandOpHistoryRendersInSeconds() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "large", 100_000, 1_000, true, 45);
    Reports.renderRunFolder(run.directory()); // once to load classes and warm up, as a long-lived process would be
    Reports.Rendered rendered = Reports.renderRunFolder(run.directory());
    System.out.printf("report of a 100,000-op history (200,012 events): rendered in %d ms, report.html %,d bytes%n",
        rendered.millis(), Files.size(rendered.html()));
    assertThat(rendered.millis()).isLessThan(20_000);
  }

  static final String COMMENT_SCRIPT = "<!--<script>x";
  static final String MARKUP = "a|<b>bold</b>&amp\u2028\u2029>";

  @Test
  void valuesThatLookLikeMarkupCannotEndTheEmbeddedDataOrEnterSummaryCells() throws Exception {
    RunFolder run = RunFixtures.hostileValuesRun(store, COMMENT_SCRIPT, MARKUP);
    Reports.renderRunFolder(run.directory());

    String html = Files.readString(run.directory().resolve("report.html"));
    String open = "<script type=\"application/json\" id=\"faultline-data\">";
    int from = html.indexOf(open) + open.length();
    String embedded = html.substring(from, html.indexOf("</script>", from));
    assertThat(embedded).doesNotContain("<", ">", "&", "\u2028", "\u2029");
    // What the page's script reads back is the values themselves.
    var data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(embedded);
    assertThat(data.at("/ops/v").toString()).contains("\\\"<!--<script>x\\\"");
    assertThat(data.at("/ops/v").toString()).contains("a|<b>bold</b>&amp");

    String summary = Files.readString(run.directory().resolve("summary.md"));
    // Each table row has as many cell bars as its table's header: a value's bar is escaped.
    long columns = 0;
    int rows = 0;
    for (String line : summary.lines().toList()) {
      if (!line.startsWith("|")) {
        columns = 0;
        continue;
      }
      long bars = line.replace("\\|", "").chars().filter(c -> c == '|').count();
      if (columns == 0) columns = bars;
      assertThat(bars).as(line).isEqualTo(columns);
      assertThat(line).doesNotContain("<b>", "<!--", "<script>");
      rows++;
    }
    assertThat(rows).isGreaterThan(4);
    assertThat(summary).contains("&lt;!--&lt;script&gt;x", "a\\|&lt;b&gt;bold&lt;/b&gt;&amp;amp");
  }

  private static Document parse(Path xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
  }
}
