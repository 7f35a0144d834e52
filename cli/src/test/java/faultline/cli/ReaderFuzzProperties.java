package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The readers under fuzzing: valid histories in every format faultline reads (JSONL, a JSON
 * array, EDN, Jepsen's history.txt and log lines), mutated at random (bytes cut, doubled, swapped
 * for syntax characters, the file truncated), then checked end to end. The outcome is always a
 * verdict (exit 0, 1 or 2) or bad input (exit 64, one line): never an internal error (70), and
 * never a hang (each try is bounded).
 */
class ReaderFuzzProperties {
  /** A valid history and the model it is checked under (named, so a mutation cannot change it). */
  private record Base(String model, String text) {}

  private static final List<Base> VALID = List.of(
      // faultline JSONL: a cas register with a crash and a nemesis event
      new Base("cas-register", """
      {"index":0,"time":0,"process":0,"type":"invoke","f":"write","key":"r1","value":1}
      {"index":1,"time":5,"process":0,"type":"ok","f":"write","key":"r1","value":1}
      {"index":2,"time":6,"process":1,"type":"invoke","f":"cas","key":"r1","value":[1,2]}
      {"index":3,"time":7,"process":"nemesis","type":"info","f":"start-partition","value":{"isolated":["n1"]}}
      {"index":4,"time":9,"process":1,"type":"info","f":"cas","key":"r1","value":[1,2],"error":"timeout"}
      {"index":5,"time":10,"process":2,"type":"invoke","f":"read","key":"r1","value":null}
      {"index":6,"time":12,"process":2,"type":"ok","f":"read","key":"r1","value":2}
      """),
      // a JSON array of op maps, as elle-cli writes it: a mutex
      new Base("mutex", """
      [{"type":"invoke","f":"acquire","process":1,"time":1,"index":0},
       {"type":"ok","f":"acquire","process":1,"time":2,"index":1},
       {"type":"invoke","f":"release","process":1,"time":3,"index":2},
       {"type":"ok","f":"release","process":1,"time":4,"index":3},
       {"type":"invoke","f":"acquire","process":2,"time":5,"index":4},
       {"type":"fail","f":"acquire","process":2,"time":6,"index":5,"error":"already-held"}]
      """),
      // Jepsen EDN, a vector: a set with tags
      new Base("set", """
      [{:process 0, :type :invoke, :f :add, :value 1, :time 1}
       {:process 0, :type :ok, :f :add, :value 1, :time 2}
       {:process :nemesis, :type :info, :f :start, :value #inst "2026-01-02T03:04:05Z", :time 3}
       {:process 1, :type :invoke, :f :read, :value nil, :time 4}
       {:process 1, :type :ok, :f :read, :value #{1}, :time 5}]
      """),
      // Jepsen EDN, one map per line: a queue and a transaction
      new Base("unordered-queue", """
      {:process 0, :type :invoke, :f :enqueue, :value 1}
      {:process 0, :type :ok, :f :enqueue, :value 1}
      #jepsen.history.Op{:process 1, :type :invoke, :f :dequeue, :value nil}
      {:process 1, :type :ok, :f :dequeue, :value 1}
      """),
      new Base("multi-register", """
      {:process 0, :type :invoke, :f :txn, :value [[:write :x 1] [:read :y nil]]}
      {:process 0, :type :ok, :f :txn, :value [[:write :x 1] [:read :y nil]]}
      {:process 1, :type :invoke, :f :txn, :value [[:read :x nil]]}
      {:process 1, :type :ok, :f :txn, :value [[:read :x 1]]}
      """),
      // Jepsen's history.txt
      new Base("register", "0\t:invoke\t:write\t3\n0\t:ok\t:write\t3\n:nemesis\t:info\t:start\tnil\n1\t:invoke\t:read\tnil\n1\t:ok\t:read\t3\n"),
      // Jepsen log lines, as in Porcupine's etcd data.
      new Base("cas-register", """
      INFO  jepsen.util - 0\t:invoke\t:write\t2
      INFO  jepsen.util - 0\t:ok\t:write\t2
      INFO  jepsen.core - Worker 1 starting
      INFO  jepsen.util - 1\t:invoke\t:cas\t[2 4]
      INFO  jepsen.util - 1\t:ok\t:cas\t[2 4]
      INFO  jepsen.util - 2\t:invoke\t:read\tnil
      INFO  jepsen.util - 2\t:ok\t:read\t4
      """),
      // faultline JSONL: a counter (this fuzz found that a read of nil crashed the counter model)
      new Base("counter", """
      {"index":0,"time":0,"process":0,"type":"invoke","f":"add","key":"c0","value":2}
      {"index":1,"time":3,"process":0,"type":"ok","f":"add","key":"c0","value":2}
      {"index":2,"time":4,"process":1,"type":"invoke","f":"read","key":"c0","value":null}
      {"index":3,"time":6,"process":1,"type":"ok","f":"read","key":"c0","value":2}
      """),
      // faultline JSONL: a list-append transaction history
      new Base("list-append", """
      {"index":0,"time":0,"process":0,"type":"invoke","f":"txn","value":[["append",1,1],["r",1,null]]}
      {"index":1,"time":3,"process":0,"type":"ok","f":"txn","value":[["append",1,1],["r",1,[1]]]}
      {"index":2,"time":4,"process":1,"type":"invoke","f":"txn","value":[["r",1,null]]}
      {"index":3,"time":6,"process":1,"type":"ok","f":"txn","value":[["r",1,[1]]]}
      """));

  private static final String SYNTAX = "{}[]()#:;,\"\\ \t\n0123456789-.nilokinvoke_fEe";
  private static final AtomicInteger TRIES = new AtomicInteger();
  private static final AtomicInteger[] OUTCOMES = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
  private static Path dir;
  private static ExecutorService pool;

  @BeforeContainer
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("faultline-fuzz");
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-try");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterContainer
  static void tearDown() throws Exception {
    pool.shutdownNow();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
    System.out.printf("reader fuzz: %d tries: %d valid, %d violations, %d unknown, %d bad input%n", TRIES.get(),
        OUTCOMES[0].get(), OUTCOMES[1].get(), OUTCOMES[2].get(), OUTCOMES[3].get());
  }

  static byte[] mutate(byte[] valid, Random rnd) {
    StringBuilder s = new StringBuilder(new String(valid, StandardCharsets.UTF_8));
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = rnd.nextInt(s.length());
      switch (rnd.nextInt(6)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, SYNTAX.charAt(rnd.nextInt(SYNTAX.length())));
        case 2 -> s.setCharAt(at, SYNTAX.charAt(rnd.nextInt(SYNTAX.length())));
        case 3 -> {
          int end = Math.min(s.length(), at + 1 + rnd.nextInt(40));
          s.insert(end, s.substring(at, end)); // a stretch written twice
        }
        case 4 -> s.setLength(at); // cut short, as a full disk leaves it
        default -> s.delete(at, Math.min(s.length(), at + 1 + rnd.nextInt(20)));
      }
    }
    byte[] out = s.toString().getBytes(StandardCharsets.UTF_8);
    if (rnd.nextInt(20) == 0 && out.length > 0) out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256); // a stray byte
    return out;
  }

  @Property(tries = 1500)
  void aMutatedHistoryGetsAVerdictOrOneLineOfBadInput(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    Base base = VALID.get(rnd.nextInt(VALID.size()));
    Path file = dir.resolve("fuzz-" + TRIES.incrementAndGet());
    Files.write(file, mutate(base.text().getBytes(StandardCharsets.UTF_8), rnd));
    Future<CheckCommandTest.Run> check = pool.submit(() -> CheckCommandTest.run("check", "--quiet", "--time-limit", "2", "--model", base.model(), file.toString()));
    CheckCommandTest.Run r;
    try {
      r = check.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      check.cancel(true);
      throw new AssertionError("seed " + seed + ": no outcome within 30 s for " + Files.readString(file, StandardCharsets.ISO_8859_1));
    }
    Files.delete(file);
    assertThat(r.code()).as("seed %d: %s", seed, r.err()).isIn(0, 1, 2, 64);
    if (r.code() == 64) {
      // One line of error (a note on a cut last line may come before it).
      List<String> errors = r.err().lines().filter(l -> !l.contains("the last line is cut short")).toList();
      assertThat(errors).as("seed %d", seed).singleElement().asString().startsWith("faultline: ").doesNotContain("Exception");
    }
    OUTCOMES[r.code() == 64 ? 3 : r.code()].incrementAndGet();
  }
}
