package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.History;
import faultline.checker.history.Keyword;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.history.Tagged;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * What {@code faultline export} writes, its own readers read back as
 * the same events; and strings no UTF-8 file can hold (a lone surrogate) are refused on input,
 * not changed on the way out.
 */
class ExportRoundTripProperties {
  /** Characters that make names hard for EDN: '/', a leading '-' or '+' before a digit, ':' and '.'. */
  private static final String NAME_CHARS = "ab1-+/:._*?#x";

  @Property(tries = 400)
  void ednExportReadsBackAsTheSameEvents(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int events) throws Exception {
    Random random = new Random(seed);
    List<Op> ops = randomOps(random, events, true);
    StringBuilder edn = new StringBuilder();
    for (Op op : ops) edn.append(EdnHistoryWriter.line(op)).append('\n');
    History read = HistoryFormat.EDN.read("export.edn", edn.toString());
    assertThat(read.ops()).as(edn.toString()).isEqualTo(ops.stream().map(ExportRoundTripProperties::asEdnReadsIt).toList());
  }

  /**
   * The op as the EDN reader gives it back: the same, but for a process whose name no keyword
   * can spell (from JSON, where names are strings), which the export writes, and so reads back,
   * as a string.
   */
  private static Op asEdnReadsIt(Op op) {
    if (!(op.process() instanceof Process.Named n) || EdnHistoryWriter.isKeywordName(n.name()) || !n.isClient()) return op;
    return new Op(op.index(), op.time(), Process.quoted(n.name()), op.type(), op.f(), op.key(), op.value(), op.error());
  }

  @Property(tries = 400)
  void jsonExportReadsBackAsTheSameEvents(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int events) throws Exception {
    Random random = new Random(seed);
    List<Op> ops = randomOps(random, events, false);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ops.size(); i++) json.append(i == 0 ? "" : ",").append('\n').append(JsonlHistoryWriter.line(ops.get(i)));
    json.append("\n]\n");
    History read = HistoryFormat.JSON.read("export.json", json.toString());
    assertThat(read.ops()).as(json.toString()).isEqualTo(ops);
  }

  @Test
  void whatTheIssueFoundReadsBack() throws Exception {
    List<Object> values = new ArrayList<>(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, "##Inf"));
    values.add(nested(999));
    for (String f : List.of("a/b/c", "-1", "+2", "a/", "/b", "ok")) {
      for (Object value : values) {
        Op op = new Op(0, 5, Process.named(f), OpType.INVOKE, f, null, value, null);
        String line = EdnHistoryWriter.line(op);
        assertThat(HistoryFormat.EDN.read("x.edn", line).ops()).as(line).containsExactly(asEdnReadsIt(op));
        // Nested 999 deep in a history that is one vector: read too (JSON's 1,000, op included).
        assertThat(HistoryFormat.EDN.read("x.edn", "[" + line + "]").ops()).as(line).containsExactly(asEdnReadsIt(op));
      }
    }
  }

  @Test
  void whatJsonReadsNestedTheEdnExportReadsBack() throws Exception {
    String deepest = "[".repeat(999) + "1" + "]".repeat(999);
    History json = HistoryFormat.JSONL.read("deep.jsonl", "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":" + deepest + "}\n");
    String edn = EdnHistoryWriter.line(json.ops().get(0));
    assertThat(HistoryFormat.EDN.read("deep.edn", edn).ops()).isEqualTo(json.ops());
  }

  @Test
  void loneSurrogatesAreRefusedByEveryReader() {
    String problem = "a string holds a lone UTF-16 surrogate (\\ud800), which is not text: refused rather than changed";
    assertThatThrownBy(() -> HistoryFormat.JSONL.read("s.jsonl",
        "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"x\\ud800y\"}\n"))
        .isInstanceOf(MalformedHistoryException.class).hasMessage("s.jsonl:1: " + problem);
    assertThatThrownBy(() -> HistoryFormat.JSON.read("s.json",
        "[{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1},\n{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":{\"k\":\"\\udc00\"}}]"))
        .isInstanceOf(MalformedHistoryException.class).hasMessage("s.json:2: " + problem.replace("d800", "dc00"));
    assertThatThrownBy(() -> HistoryFormat.EDN.read("s.edn", "{:process 0, :type :invoke, :f :write, :value \"x\\ud800y\"}\n"))
        .isInstanceOf(MalformedHistoryException.class).hasMessage("s.edn:1: " + problem);
    assertThatThrownBy(() -> HistoryFormat.EDN.read("s.edn", "{:process 0, :type :invoke, :f :write, :value [\"a\" \\ud800]}\n"))
        .isInstanceOf(MalformedHistoryException.class).hasMessage("s.edn:1: " + problem);
  }

  @Test
  void surrogatePairsAreText() throws Exception {
    String emoji = "x\ud83d\ude00y";
    Op op = new Op(0, Op.NO_TIME, Process.client(0), OpType.INVOKE, "write", null, emoji, null);
    assertThat(HistoryFormat.JSONL.read("p.jsonl", "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"x\\ud83d\\ude00y\"}\n").ops())
        .containsExactly(op);
    assertThat(HistoryFormat.EDN.read("p.edn", EdnHistoryWriter.line(op)).ops()).containsExactly(op);
  }

  private static Object nested(int depth) {
    Object v = 1L;
    for (int i = 0; i < depth; i++) v = List.of(v);
    return v;
  }

  private static List<Op> randomOps(Random random, int n, boolean edn) {
    List<Op> ops = new ArrayList<>();
    long index = random.nextInt(3);
    for (int i = 0; i < n; i++) {
      index += 1 + random.nextInt(3);
      long time = random.nextBoolean() ? Op.NO_TIME : random.nextLong(1L << 40);
      Process process = switch (random.nextInt(6)) {
        case 0 -> Process.named(name(random));
        case 1 -> edn ? Process.quoted(name(random)) : Process.client(0);
        default -> Process.client(random.nextInt(100));
      };
      OpType type = OpType.values()[random.nextInt(OpType.values().length)];
      boolean txn = random.nextInt(4) == 0;
      String f = txn ? "txn" : name(random);
      Object key = random.nextBoolean() ? null : value(random, 1, edn);
      Object value = txn ? microOps(random, edn) : value(random, 3, edn);
      String error = random.nextInt(3) == 0 ? text(random) : null;
      ops.add(new Op(index, time, process, type, f, key, value, error));
    }
    return ops;
  }

  private static List<Object> microOps(Random random, boolean edn) {
    List<Object> mops = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) mops.add(java.util.Arrays.asList(random.nextBoolean() ? "append" : name(random), value(random, 0, edn), value(random, 1, edn)));
    return mops;
  }

  private static String name(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = 1 + random.nextInt(5); i > 0; i--) s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    return s.toString();
  }

  /** Any text but lone surrogates: ASCII, controls, quotes and backslashes, C1, U+2028, and pairs. */
  private static String text(Random random) {
    String[] pieces = {"a", "\"", "\\", "\n", "\t", "\u0001", "\u007f", "\u0085", "\u2028", "é", "\ud83d\ude00", " ", ":k", "##Inf", ";", "#_"};
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) s.append(pieces[random.nextInt(pieces.length)]);
    return s.toString();
  }

  /** A value as the readers make them: EDN's own types only when {@code edn}. */
  private static Object value(Random random, int depth, boolean edn) {
    int kinds = depth == 0 ? 7 : 10;
    switch (random.nextInt(kinds)) {
      case 0: return null;
      case 1: return (long) random.nextInt(2000) - 1000;
      case 2: return random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 3: return BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3 + random.nextInt(100))).negate().pow(1 + random.nextInt(2));
      case 4: {
        double[] doubles = {0.5, -0.0, 1e300, 4.9e-324, 123.456};
        double[] ednOnly = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        return edn && random.nextBoolean() ? ednOnly[random.nextInt(3)] : doubles[random.nextInt(doubles.length)];
      }
      case 5: return random.nextBoolean();
      case 6: {
        if (!edn || random.nextBoolean()) return text(random);
        return switch (random.nextInt(4)) {
          case 3 -> {
            // A keyword, beside strings of the same name: two values.
            String name = name(random);
            yield EdnHistoryWriter.isKeywordName(name) ? new Keyword(name) : name;
          }
          case 0 -> Instant.ofEpochMilli(random.nextLong(1L << 42));
          case 1 -> new UUID(random.nextLong(), random.nextLong());
          default -> new Tagged(random.nextBoolean() ? "foo" : "my.ns/Rec", value(random, 0, true));
        };
      }
      case 7: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) list.add(value(random, depth - 1, edn));
        return list;
      }
      case 8: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) map.put(edn ? value(random, depth - 1, true) : text(random), value(random, depth - 1, edn));
        return map;
      }
      default: {
        if (!edn) return value(random, depth - 1, false);
        Set<Object> set = new LinkedHashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) set.add(value(random, depth - 1, true));
        return set;
      }
    }
  }
}
