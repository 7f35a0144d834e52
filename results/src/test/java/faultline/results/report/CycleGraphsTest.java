package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A cycle of thousands of transactions, or a huge key, still makes a small picture that says what it left out. */
class CycleGraphsTest {

  @Test
  void aLongCycleIsDrawnByItsFirstStepsAndOneNodeForTheRest() {
    int n = 5_000;
    String hugeKey = "k".repeat(2_000_000);
    List<Object> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("from", "T" + i);
      step.put("to", "T" + ((i + 1) % n));
      step.put("type", "ww");
      step.put("key", hugeKey);
      steps.add(step);
    }
    Map<String, Object> anomaly = Map.of("type", "G0", "steps", steps, "txns", List.of());
    String html = CycleGraphs.html(Map.of("anomalies", Map.of("G0", List.of(anomaly))));
    // Before: a 140,000-pixel picture holding the key 5,000 times.
    assertThat(html.length()).isLessThan(20_000);
    assertThat(html).contains("\u2026 4,984").contains("key cut at 40 chars")
        .contains("a cycle of 5,000 steps: the first 15 and the last drawn, the 4,984 transactions between as one node");
    Matcher width = Pattern.compile("width=\"(\\d+)\"").matcher(html);
    assertThat(width.find()).isTrue();
    assertThat(Integer.parseInt(width.group(1))).isLessThan(1_000);
  }

  @Test
  void aShortCycleIsDrawnWhole() {
    List<Object> steps = List.of(Map.of("from", "T1", "to", "T2", "type", "rw", "key", "x"), Map.of("from", "T2", "to", "T1", "type", "rw", "key", "y"));
    String html = CycleGraphs.html(Map.of("anomalies", Map.of("G2-item", List.of(Map.of("type", "G2-item", "steps", steps, "txns", List.of())))));
    assertThat(html).contains(">T1<").contains(">T2<").contains("rw x").contains("rw y").doesNotContain("\u2026");
  }
}
