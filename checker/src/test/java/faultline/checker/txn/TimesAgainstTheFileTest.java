package faultline.checker.txn;

import static faultline.checker.txn.FastAndGeneralReading.general;
import static faultline.checker.txn.FastAndGeneralReading.sameBothWays;
import static faultline.checker.txn.FastAndGeneralReading.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.HistoryCheck;
import faultline.checker.Verdict;
import faultline.checker.format.HistoryFiles;
import faultline.checker.history.MalformedHistoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The file's order is real time, for every history kind and both readers;
 * times that go back get one warning and the verdict of the file's order, never a 64 and never a
 * reordering. Indices that do not increase and a completion timed before its own invocation stay
 * bad input.
 */
class TimesAgainstTheFileTest {
  /** T0 appends and completes; then, by the file, T1 reads x empty: G-single-realtime. Times say T1 ran first. */
  private static final String AGAINST = """
      {"index":0,"time":100,"process":0,"type":"invoke","f":"txn","value":[["append","x",1]]}
      {"index":1,"time":110,"process":0,"type":"ok","f":"txn","value":[["append","x",1]]}
      {"index":2,"time":50,"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
      {"index":3,"time":60,"process":1,"type":"ok","f":"txn","value":[["r","x",[]]]}
      """;

  @Test
  void listAppendTimesAgainstTheFileFollowTheFileBothWays() throws Exception {
    Path file = write(AGAINST);
    TxnResult r = sameBothWays(file);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalyTypes()).containsExactly("G-single-realtime");
    assertThat(TxnJsonlReader.read(file).notes()).containsExactly(file + ":3: warning: time 50 is earlier than time 110 on line 2; "
        + "the file's order is taken as real time, as Knossos and Elle take it, and times are only shown");
    // The same history without times: the same verdict, and no warning.
    Path untimed = write(AGAINST.replaceAll("\"time\":\\d+,", ""));
    TxnResult plain = TxnChecker.check(general(untimed), TxnChecker.Options.defaults());
    assertThat(plain.anomalyTypes()).containsExactly("G-single-realtime");
    assertThat(HistoryFiles.load(untimed, null).notes()).isEmpty();
  }

  @Test
  void ednListAppendTimesAgainstTheFileFollowTheFile() throws Exception {
    Path file = edn("""
        {:index 0, :time 100, :process 0, :type :invoke, :value [[:append :x 1]]}
        {:index 1, :time 110, :process 0, :type :ok, :value [[:append :x 1]]}
        {:index 2, :time 50, :process 1, :type :invoke, :value [[:r :x nil]]}
        {:index 3, :time 60, :process 1, :type :ok, :value [[:r :x []]]}
        """);
    var read = HistoryFiles.load(file, null);
    assertThat(read.notes()).hasSize(1);
    TxnResult r = TxnChecker.check(TxnHistory.of(read.history()), TxnChecker.Options.defaults());
    assertThat(r.anomalyTypes()).containsExactly("G-single-realtime");
  }

  /**
   * The shape of Knossos's cas-register/bad/rethink-fail-smaller.edn, line 29: two readers invoke
   * together and the second one's time is 81 ns earlier than the first's (a worker takes its time
   * before its event is appended). Read as before, with a warning, not refused.
   */
  @Test
  void aJepsenRegisterHistoryWhoseInvocationsGoBackIsChecked() throws Exception {
    Path file = edn("""
        ({:type :invoke, :f :write, :value 3, :process 68, :time 99547671178}
         {:type :ok, :f :write, :value 3, :process 68, :time 99556044371}
         {:type :invoke, :f :read, :value nil, :process 16, :time 100143078146}
         {:type :invoke, :f :read, :value nil, :process 11, :time 100143078065}
         {:type :ok, :f :read, :value 3, :process 11, :time 100144663106}
         {:type :ok, :f :read, :value 3, :process 16, :time 100144680650}
         {:type :invoke, :f :cas, :value [3 4], :process 0, :time 101305422165}
         {:type :ok, :f :cas, :value [3 4], :process 0, :time 101314203150}
         {:type :invoke, :f :read, :value nil, :process 12, :time 101332689684}
         {:type :ok, :f :read, :value 3, :process 12, :time 101333675881})
        """);
    HistoryCheck check = HistoryCheck.of(file).model("cas-register");
    assertThat(check.notes()).containsExactly(file + ":4: warning: time 100143078065 is earlier than time 100143078146 on line 3; "
        + "the file's order is taken as real time, as Knossos and Elle take it, and times are only shown");
    // A read of 3 after the cas to 4 completed: invalid, as Knossos finds rethink-fail.
    assertThat(check.check().verdict()).isEqualTo(Verdict.INVALID);
  }

  /** elle-cli's mutex/bad/etcd.edn shape: an acquire whose completion's time is behind the release before it. */
  @Test
  void aMutexHistoryWhoseTimesGoBackIsChecked() throws Exception {
    Path file = edn("""
        {:type :invoke, :f :acquire, :value nil, :process 0, :time 1000}
        {:type :ok, :f :acquire, :value nil, :process 0, :time 2000}
        {:type :invoke, :f :release, :value nil, :process 0, :time 3000}
        {:type :invoke, :f :acquire, :value nil, :process 1, :time 2990}
        {:type :ok, :f :release, :value nil, :process 0, :time 4000}
        {:type :ok, :f :acquire, :value nil, :process 1, :time 3990}
        """);
    HistoryCheck check = HistoryCheck.of(file).model("mutex");
    assertThat(check.notes()).hasSize(1);
    assertThat(check.check().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void fallingIndicesAndACompletionBeforeItsInvocationStayBadInputForTransactions() throws Exception {
    Path falling = write(AGAINST.replace("\"index\":3", "\"index\":2"));
    assertThat(TxnJsonlReader.read(falling)).isNull();
    assertThatThrownBy(() -> general(falling)).isInstanceOf(MalformedHistoryException.class)
        .hasMessage(falling + ":4: index 2 does not follow index 2 on line 3: indices must increase through the file");
    Path early = write(AGAINST.replace("\"time\":60", "\"time\":40"));
    assertThat(TxnJsonlReader.read(early)).isNull();
    assertThatThrownBy(() -> general(early)).isInstanceOf(MalformedHistoryException.class)
        .hasMessage(early + ":4: ok txn of process 1 at time 40 is earlier than its own invocation at time 50 (line 3)");
  }

  private static Path edn(String text) throws Exception {
    Path file = Files.createTempFile("times", ".edn");
    file.toFile().deleteOnExit();
    Files.writeString(file, text);
    return file;
  }
}
