package faultline.cli;

import static faultline.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.CheckCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading edge cases through the command line: exit codes and the one line each says. */
class ReadingEdgeCasesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Case 11: times against the file's order are followed, with one warning, for both readers and any kind. */
  @Test
  void timesAgainstTheFileFollowTheFile() throws Exception {
    String jsonl = """
        {"index":0,"time":100,"process":0,"type":"invoke","f":"txn","value":[["append","x",1]]}
        {"index":1,"time":110,"process":0,"type":"ok","f":"txn","value":[["append","x",1]]}
        {"index":2,"time":50,"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
        {"index":3,"time":60,"process":1,"type":"ok","f":"txn","value":[["r","x",[]]]}
        """;
    Path fast = write("la.jsonl", jsonl);
    Run r = run("check", "--quiet", fast.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("G-single-realtime");
    assertThat(r.err().lines()).containsExactly("faultline: " + fast + ":3: warning: time 50 is earlier than time 110 on line 2; "
        + "the file's order is taken as real time, as Knossos and Elle take it, and times are only shown");
    // The general reader (EDN, which the fast one never reads): the same verdict and warning.
    Path edn = write("la.edn", """
        {:index 0, :time 100, :process 0, :type :invoke, :value [[:append :x 1]]}
        {:index 1, :time 110, :process 0, :type :ok, :value [[:append :x 1]]}
        {:index 2, :time 50, :process 1, :type :invoke, :value [[:r :x nil]]}
        {:index 3, :time 60, :process 1, :type :ok, :value [[:r :x []]]}
        """);
    Run general = run("check", "--quiet", edn.toString());
    assertThat(general.code()).isEqualTo(1);
    assertThat(general.err().lines()).hasSize(1).allMatch(l -> l.contains(":3: warning: time 50 is earlier than time 110 on line 2"));
    Path register = write("r.edn", """
        {:process 0, :type :invoke, :f :write, :value 1, :time 100}
        {:process 1, :type :invoke, :f :read, :value nil, :time 90}
        {:process 0, :type :ok, :f :write, :value 1, :time 110}
        {:process 1, :type :ok, :f :read, :value 1, :time 120}
        """);
    Run reg = run("check", "--quiet", register.toString());
    assertThat(reg.code()).as(reg.err()).isZero();
    assertThat(reg.err().lines()).hasSize(1).allMatch(l -> l.contains(":2: warning: time 90 is earlier than time 100 on line 1"));
  }

  /** Case 13: :x and "x" are two keys, :c1 and "c1" two processes. */
  @Test
  void keywordsAndStringsAreNotMerged() throws Exception {
    Path keys = write("k.edn", """
        {:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
        {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
        {:process 1, :type :invoke, :f :txn, :value [[:r "x" nil]]}
        {:process 1, :type :ok, :f :txn, :value [[:r "x" [1]]]}
        """);
    Run r = run("check", "--quiet", keys.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    Path processes = write("p.edn", """
        {:process :c1, :type :invoke, :f :write, :value 1}
        {:process "c1", :type :ok, :f :write, :value 1}
        """);
    Run p = run("check", "--quiet", processes.toString());
    assertThat(p.code()).isEqualTo(64);
    assertThat(p.err().strip()).isEqualTo("faultline: " + processes + ":2: ok write for process \"c1\", which has no pending invocation");
    Run exported = run("export", "--format", "edn", keys.toString());
    assertThat(exported.out()).contains("[[:append :x 1]]").contains("[[:r \"x\" [1]]]");
  }

  /** Case 15: a lone surrogate is refused on input, one line, by check and export alike. */
  @Test
  void loneSurrogatesAreRefused() throws Exception {
    Path file = write("s.jsonl", """
        {"index":0,"process":0,"type":"invoke","f":"write","value":"x\\ud800y"}
        {"index":1,"process":0,"type":"ok","f":"write","value":"x\\ud800y"}
        """);
    String line = "faultline: " + file + ":1: a string holds a lone UTF-16 surrogate (\\ud800), which is not text: refused rather than changed";
    for (String command : new String[] {"check", "export"}) {
      Run r = command.equals("check") ? run("check", "--quiet", file.toString()) : run("export", "--format", "edn", file.toString());
      assertThat(r.code()).isEqualTo(64);
      assertThat(r.err().strip()).isEqualTo(line);
      assertThat(r.out()).isEmpty();
    }
  }

  /** Case 22: what export writes, check reads: ##Inf, names no keyword can spell, deep nesting. */
  @Test
  void exportWritesWhatItsReaderReads() throws Exception {
    String deep = "[".repeat(900) + "1" + "]".repeat(900);
    Path file = write("x.jsonl", """
        {"index":0,"process":"-1","type":"invoke","f":"a/b/c","value":%s}
        {"index":1,"process":"-1","type":"ok","f":"a/b/c","value":%s}
        """.formatted(deep, deep));
    Run edn = run("export", "--format", "edn", file.toString());
    assertThat(edn.code()).as(edn.err()).isZero();
    assertThat(edn.out()).contains(":process \"-1\"").contains(":f \"a/b/c\"");
    Path back = write("x.edn", edn.out() + "{:index 2, :process :n, :type :invoke, :f :write, :value ##Inf}\n");
    Run again = run("export", "--format", "edn", back.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo(Files.readString(back));
  }

  /**
   * Case 20: running out of heap is one line saying what to do, whatever wraps it (a reader's
   * worker thread, its pool): never "internal error" (70) nor bad input (64). `check` makes it
   * unknown (2) itself; any other command exits 69 (what it needs is missing).
   */
  @Test
  void outOfMemoryIsOneLineWithWhatToDo() {
    Throwable wrapped = new java.util.concurrent.ExecutionException(new IllegalStateException(new OutOfMemoryError("Java heap space")));
    assertThat(ExitCode.of(wrapped)).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(ExitCode.describe(wrapped)).startsWith("faultline: out of memory (the JVM's heap is ").contains("FAULTLINE_JAVA_OPTS=-Xmx");
    assertThat(ExitCode.outOfMemoryAdvice("h.jsonl")).matches("h\\.jsonl: out of memory \\(the JVM's heap is \\d+ MiB\\); give it more, e\\.g\\. FAULTLINE_JAVA_OPTS=-Xmx\\d+g");
  }
}
