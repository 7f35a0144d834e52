package faultline.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.model.Models;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Run folders as {@code faultline run} leaves them, without servers: a generated register history
 * (workers on a simulated linearizable register, writes that time out or fail, a partition by the
 * nemesis), optionally with one stale read planted in the middle, checked by the real checker into
 * results.json.
 */
public final class RunFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunFixtures() {}

  /** One event before numbering: its time, then what history.jsonl holds. */
  private record Event(long time, Map<String, Object> fields) {}

  /**
   * Makes {@code store/<name>/<time>/} with history.jsonl of {@code ops} client ops over
   * {@code keys} keys, test.json, and results.json from the linearizability checker.
   */
  public static RunFolder registerRun(Path store, String name, int ops, int keys, boolean staleRead, long seed) throws Exception {
    return registerRun(store, name, ops, keys, staleRead, seed, false);
  }

  /**
   * {@link #registerRun}, and with {@code moreFaults} two more fault windows after the partition
   * (a process kill of n3 and a latency on two links) and a clock fault that failed, with its reason.
   */
  public static RunFolder registerRun(Path store, String name, int ops, int keys, boolean staleRead, long seed, boolean moreFaults) throws Exception {
    RunFolder folder = RunFolder.create(store, name, LocalDateTime.of(2026, 11, 26, 12, 0).plusSeconds(seed % 1000));
    List<Event> events = new ArrayList<>();
    Random random = new Random(seed);
    int workers = 10;
    long[] clock = new long[workers];
    long[] process = new long[workers];
    for (int w = 0; w < workers; w++) process[w] = w;
    long nextProcess = workers;
    // Ops take effect at a point inside their interval; the register's value at that point is what a read returns.
    record Planned(int worker, long process, String f, String key, long value, long start, long effect, long end, String outcome) {}
    List<Planned> planned = new ArrayList<>();
    long[] writes = new long[keys];
    for (int i = 0; i < ops; i++) {
      int w = random.nextInt(workers);
      long start = clock[w] + 50_000 + random.nextInt(400_000);
      long latency = 200_000 + (long) (Math.abs(random.nextGaussian()) * 600_000);
      String key = "r" + random.nextInt(keys);
      boolean write = random.nextInt(3) == 0;
      String outcome = "ok";
      double roll = random.nextDouble();
      if (write && roll < 0.02) outcome = "fail";
      else if (write && roll < 0.04) {
        outcome = "info";
        latency = 1_000_000_000L; // a timeout
      }
      long value = write ? ++writes[Integer.parseInt(key.substring(1))] : 0;
      planned.add(new Planned(w, process[w], write ? "write" : "read", key, value, start, start + random.nextLong(latency + 1), start + latency, outcome));
      clock[w] = start + latency;
      if (outcome.equals("info")) process[w] = nextProcess++; // the process is retired: its op may still be in flight
    }
    Map<String, Long> register = new LinkedHashMap<>();
    planned.sort(Comparator.comparingLong(Planned::effect));
    for (Planned p : planned) {
      Object result;
      if (p.f().equals("write")) {
        if (!p.outcome().equals("fail")) register.put(p.key(), p.value());
        result = p.value();
      } else {
        result = register.get(p.key());
      }
      events.add(new Event(p.start(), event(p.process(), "invoke", p.f(), p.key(), p.f().equals("write") ? p.value() : null, null)));
      events.add(new Event(p.end(), event(p.process(), p.outcome(), p.f(), p.key(), result,
          p.outcome().equals("info") ? "timeout after 1000 ms" : p.outcome().equals("fail") ? "rejected" : null)));
    }
    long end = planned.stream().mapToLong(Planned::end).max().orElse(0);
    events.add(new Event(end / 3, event("nemesis", "invoke", "start-partition", null, "halves", null)));
    events.add(new Event(end / 3 + 5_000_000, event("nemesis", "info", "start-partition", null, Map.of("isolated", List.of("n2")), null)));
    events.add(new Event(end / 2, event("nemesis", "invoke", "stop-partition", null, null, null)));
    events.add(new Event(end / 2 + 5_000_000, event("nemesis", "info", "stop-partition", null, null, null)));
    if (moreFaults) {
      events.add(new Event(end * 6 / 10, event("nemesis", "invoke", "start-kill", null, "random", null)));
      events.add(new Event(end * 6 / 10 + 2_000_000, event("nemesis", "info", "start-kill", null, Map.of("node", "n3", "pid", 4242), null)));
      events.add(new Event(end * 7 / 10, event("nemesis", "invoke", "stop-kill", null, null, null)));
      events.add(new Event(end * 7 / 10 + 9_000_000, event("nemesis", "info", "stop-kill", null, Map.of("node", "n3", "pid", 4343), null)));
      events.add(new Event(end * 75 / 100, event("nemesis", "invoke", "start-clock", null, "n1", null)));
      events.add(new Event(end * 75 / 100 + 1_000_000, event("nemesis", "fail", "start-clock", null, "n1", "faketime is not installed on n1")));
      events.add(new Event(end * 8 / 10, event("nemesis", "invoke", "start-latency", null, Map.of("ms", 200), null)));
      events.add(new Event(end * 8 / 10 + 3_000_000, event("nemesis", "info", "start-latency", null,
          Map.of("links", List.of("n1-n2", "n1-n3"), "ms", 200), null)));
      events.add(new Event(end * 9 / 10, event("nemesis", "invoke", "stop-latency", null, null, null)));
      events.add(new Event(end * 9 / 10 + 3_000_000, event("nemesis", "info", "stop-latency", null, Map.of("links", List.of("n1-n2", "n1-n3")), null)));
    }
    if (staleRead) {
      // Process 1000 writes 1 then 2 to a fresh key; afterwards process 1001 reads 1: a stale read.
      long t = (long) (end * 0.6);
      events.add(new Event(t, event(1000L, "invoke", "write", "stale", 1L, null)));
      events.add(new Event(t + 300_000, event(1000L, "ok", "write", "stale", 1L, null)));
      events.add(new Event(t + 400_000, event(1000L, "invoke", "write", "stale", 2L, null)));
      events.add(new Event(t + 700_000, event(1000L, "ok", "write", "stale", 2L, null)));
      events.add(new Event(t + 800_000, event(1001L, "invoke", "read", "stale", null, null)));
      events.add(new Event(t + 1_100_000, event(1001L, "ok", "read", "stale", 1L, null)));
    }
    events.sort(Comparator.comparingLong(Event::time));
    try (BufferedWriter out = Files.newBufferedWriter(folder.history())) {
      long index = 0;
      for (Event e : events) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index++);
        line.put("time", e.time());
        line.putAll(e.fields());
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    }

    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", name);
    test.put("description", "a generated register history" + (staleRead ? " with one stale read" : ""));
    test.put("database", "redis");
    test.put("topology", "redis-replicated");
    test.put("workload", "register");
    test.put("client", "redis-lua-cas");
    test.put("read-from", "replica");
    test.put("concurrency", workers);
    test.put("time-limit-s", 10.0);
    test.put("rate", 500.0);
    test.put("keys", keys);
    test.put("seed", seed);
    test.put("model", "register");
    test.put("nemesis", Map.of("faults", List.of("partition-halves"), "interval-s", 2.0));
    test.put("started", "2026-11-26T12:00:00.000");
    folder.writeTest(test);

    PairedHistory paired = PairedHistory.of(HistoryFiles.read(folder.history(), null));
    LinearizabilityResult r = new LinearizabilityChecker().check(paired, Models.byName("register", null), Budget.of(Duration.ofSeconds(60), 0));
    Map<String, Object> checker = new LinkedHashMap<>();
    checker.put("checker", "linearizable");
    checker.putAll(r.toJson());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("valid", r.verdict().json());
    results.put("test", name);
    results.put("stats", Map.of("ok", planned.stream().filter(p -> p.outcome().equals("ok")).count(),
        "fail", planned.stream().filter(p -> p.outcome().equals("fail")).count(),
        "info", planned.stream().filter(p -> p.outcome().equals("info")).count()));
    results.put("checkers", List.of(checker));
    folder.writeResults(results);
    return folder;
  }

  private static Map<String, Object> event(Object process, String type, String f, String key, Object value, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("process", process);
    m.put("type", type);
    m.put("f", f);
    if (key != null) m.put("key", key);
    m.put("value", value);
    if (error != null) m.put("error", error);
    return m;
  }

  /**
   * A stale read whose values are text a hostile history might carry: an HTML comment opener with
   * a script tag, markup, a table-cell bar, an ampersand and the line separators JavaScript once
   * refused in strings. Checked by the real checker, so the witness shows those values.
   */
  public static RunFolder hostileValuesRun(Path store, String first, String second) throws Exception {
    RunFolder folder = RunFolder.create(store, "hostile-values", LocalDateTime.of(2026, 11, 26, 12, 0));
    List<Map<String, Object>> events = List.of(
        event(0L, "invoke", "write", "k", first, null), event(0L, "ok", "write", "k", first, null),
        event(0L, "invoke", "write", "k", second, null), event(0L, "ok", "write", "k", second, null),
        event(1L, "invoke", "read", "k", null, null), event(1L, "ok", "read", "k", first, "a note " + first));
    try (BufferedWriter out = Files.newBufferedWriter(folder.history())) {
      long index = 0;
      for (Map<String, Object> e : events) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("time", 1_000_000L * ++index);
        line.putAll(e);
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    }
    folder.writeTest(Map.of("name", "hostile-values", "description", "values " + first));
    PairedHistory paired = PairedHistory.of(HistoryFiles.read(folder.history(), null));
    LinearizabilityResult r = new LinearizabilityChecker().check(paired, Models.byName("register", null), Budget.of(Duration.ofSeconds(60), 0));
    Map<String, Object> checker = new LinkedHashMap<>();
    checker.put("checker", "linearizable");
    checker.putAll(r.toJson());
    folder.writeResults(Map.of("valid", r.verdict().json(), "test", "hostile-values", "checkers", List.of(checker)));
    return folder;
  }

  /**
   * A run folder holding list-append write skew (two transactions each append to one key and
   * read the other empty), judged by the real transactional checker: a G2-item cycle of two rw
   * steps, as results.json holds a transactional checker's result.
   */
  public static RunFolder writeSkewRun(Path store, String firstKey) throws Exception {
    RunFolder folder = RunFolder.create(store, "write-skew", LocalDateTime.of(2026, 12, 1, 12, 0));
    List<Map<String, Object>> events = List.of(
        event(0L, "invoke", "txn", null, List.of(List.of("append", firstKey, 1), Arrays.asList("r", "y", null)), null),
        event(1L, "invoke", "txn", null, List.of(List.of("append", "y", 1), Arrays.asList("r", firstKey, null)), null),
        event(0L, "ok", "txn", null, List.of(List.of("append", firstKey, 1), List.of("r", "y", List.of())), null),
        event(1L, "ok", "txn", null, List.of(List.of("append", "y", 1), List.of("r", firstKey, List.of())), null));
    try (BufferedWriter out = Files.newBufferedWriter(folder.history())) {
      long index = 0;
      for (Map<String, Object> e : events) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("time", 1_000_000L * ++index);
        line.putAll(e);
        line.remove("key");
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
    }
    folder.writeTest(Map.of("name", "write-skew", "description", "list-append write skew"));
    var history = HistoryFiles.read(folder.history(), null);
    // As a run writes it: the transactional checker's Result, Elle's shape in its details.
    var options = new faultline.checker.txn.TransactionalCheckers.Options(List.of("serializable"), null,
        faultline.checker.txn.KeyOrders.NONE, null, false);
    var r = faultline.checker.txn.TransactionalCheckers.of(faultline.checker.txn.TxnWorkload.LIST_APPEND, options)
        .check(history, faultline.checker.linear.Budget.of(Duration.ofSeconds(30), 0));
    folder.writeResults(Map.of("valid", r.verdict().json(), "test", "write-skew", "checkers", List.of(r.toJson())));
    return folder;
  }
}
