package faultline.checker.txn;

import static faultline.checker.txn.FastAndGeneralReading.general;
import static faultline.checker.txn.FastAndGeneralReading.sameBothWays;
import static faultline.checker.txn.FastAndGeneralReading.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Process;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Hand-made JSONL files: those the fast reader takes read as the general reader reads them; the rest it leaves. */
class TxnJsonlReaderTest {
  private static final String OK_PAIR = """
      {"index":0,"time":10,"process":0,"type":"invoke","f":"txn","value":[["append",1,1],["r",2,null]]}
      {"index":1,"time":20,"process":0,"type":"ok","f":"txn","value":[["append",1,1],["r",2,[]]]}
      """;

  @Test
  void infoAndFailedTransactionsForgetTheirReads() throws Exception {
    TxnResult r = sameBothWays(write(OK_PAIR + """
        {"index":2,"time":30,"process":1,"type":"invoke","f":"txn","value":[["append",2,5],["r",1,null]]}
        {"index":3,"time":40,"process":2,"type":"invoke","f":"txn","value":[["append",2,6]]}
        {"index":4,"time":50,"process":1,"type":"info","f":"txn","value":[["append",2,5],["r",1,[1]]],"error":"timeout"}
        {"index":5,"time":60,"process":2,"type":"fail","f":"txn","value":[["append",2,6]],"error":null}
        {"index":6,"time":70,"process":3,"type":"invoke","f":"txn","value":[["r",2,[9]],["r",1,[]]]}
        """));
    // the info one, and the invocation that never completed (what its reads say, an invocation's, tells nothing)
    assertThat(r.crashed()).isEqualTo(2);
    assertThat(r.failed()).isEqualTo(1);
  }

  @Test
  void anAbortedReadIsFoundBothWays() throws Exception {
    TxnResult r = sameBothWays(write("""
        {"index":0,"time":1,"process":0,"type":"invoke","f":"txn","value":[["append",1,1]]}
        {"index":1,"time":2,"process":0,"type":"fail","f":"txn","value":[["append",1,1]]}
        {"index":2,"time":3,"process":1,"type":"invoke","f":"txn","value":[["r",1,null]]}
        {"index":3,"time":4,"process":1,"type":"ok","f":"txn","value":[["r",1,[1]]]}
        """));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalyTypes()).contains("G1a");
  }

  @Test
  void nemesisEventsAreKeptForFaultWindows() throws Exception {
    TxnHistory fast = TxnJsonlReader.read(write("""
        {"index":0,"time":5,"process":"nemesis","type":"invoke","f":"start-partition","value":"majority"}
        {"index":1,"time":6,"process":"nemesis","type":"info","f":"start-partition","value":{"cut":["n1","n2"]}}
        """ + OK_PAIR.replace("\"time\":10", "\"time\":7").replace("\"index\":1", "\"index\":3").replace("\"index\":0", "\"index\":2")));
    assertThat(fast).isNotNull();
    assertThat(fast.faultWindows()).hasSize(1);
    assertThat(fast.faultWindows()).isEqualTo(general(write("""
        {"index":0,"time":5,"process":"nemesis","type":"invoke","f":"start-partition","value":"majority"}
        {"index":1,"time":6,"process":"nemesis","type":"info","f":"start-partition","value":{"cut":["n1","n2"]}}
        """ + OK_PAIR.replace("\"time\":10", "\"time\":7").replace("\"index\":1", "\"index\":3").replace("\"index\":0", "\"index\":2"))).faultWindows());
  }

  @Test
  void keysMayBeNamesAndLinesMayBeBlankOrSpaced() throws Exception {
    sameBothWays(write("""
        {"index":0,"time":10,"process":0,"type":"invoke","f":"txn","value":[["append","x",1],["r","y",null]]}

        { "index" : 1, "time": 20, "process": 0, "type": "ok", "f": "txn", "value": [ ["append", "x", 1], ["r", "y", [ ]] ] }
        {"index":2,"time":30,"process":1,"type":"invoke","f":"txn","value":[["r","x",null]]}
        {"index":3,"time":40,"process":1,"type":"ok","f":"txn","value":[["r","x",[1]]]}
        """));
  }

  @Test
  void aMalformedMicroOpIsLeftToTheGeneralReaderAndItsError() throws Exception {
    Path file = write(OK_PAIR + """
        {"index":2,"time":30,"process":1,"type":"invoke","f":"txn","value":[["append",1]]}
        {"index":3,"time":40,"process":1,"type":"ok","f":"txn","value":[["append",1]]}
        """);
    assertThat(TxnJsonlReader.read(file)).isNull();
    assertThatThrownBy(() -> general(file)).isInstanceOf(MalformedHistoryException.class)
        .hasMessageStartingWith(file + ":4: malformed micro-op [\"append\" 1]");
  }

  @Test
  void aRepeatedAppendIsTheSameErrorBothWays() throws Exception {
    Path file = write(OK_PAIR + """
        {"index":2,"time":30,"process":1,"type":"invoke","f":"txn","value":[["append",1,1]]}
        {"index":3,"time":40,"process":1,"type":"ok","f":"txn","value":[["append",1,1]]}
        """);
    TxnHistory fast = TxnJsonlReader.read(file);
    assertThat(fast).isNotNull();
    String general = "";
    try {
      TxnChecker.check(general(file), TxnChecker.Options.defaults());
    } catch (MalformedHistoryException e) {
      general = e.getMessage();
    }
    assertThat(general).contains(":4: the append of 1 to key 1 was already made by T0");
    assertThatThrownBy(() -> TxnChecker.check(fast, TxnChecker.Options.defaults())).hasMessage(general);
  }

  @Test
  void whatItDoesNotTakeIsLeftToTheGeneralReader() throws Exception {
    String invoke = "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"r\",1,null]]}\n";
    String[] others = {
      // completions only
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,[]]]}\n",
      // untimed, and out of time order
      invoke.replace("\"time\":10,", "") + "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,[]]]}\n",
      invoke + "{\"index\":1,\"time\":5,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,[]]]}\n",
      // a register read, a register write, a string value, an escaped key, a key field, an unknown field
      invoke + "{\"index\":1,\"time\":20,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,3]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"w\",1,3]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,\"a\"]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",\"\\u0078\",1]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"key\":3,\"value\":[[\"append\",1,1]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"extra\":1,\"value\":[[\"append\",1,1]]}\n",
      // a duplicate field, two objects on a line, a last line cut short, a named client
      "{\"index\":0,\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,1]]}\n",
      invoke.strip() + invoke,
      invoke + "{\"index\":1,\"time\":20,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,[]]]}",
      "{\"index\":0,\"time\":10,\"process\":\"c1\",\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,1]]}\n",
      // a completion unlike its invocation, an invocation while one is pending, a completion of nothing
      invoke + "{\"index\":1,\"time\":20,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",2,[]]]}\n",
      invoke + invoke.replace("\"index\":0,\"time\":10", "\"index\":1,\"time\":20"),
      "{\"index\":1,\"time\":20,\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",2,[]]]}\n" + invoke.replace("\"time\":10", "\"time\":30"),
      // an integer too long for a long, a leading zero, an unnumbered nemesis event, only empty transactions
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,12345678901234567890]]}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,01]]}\n",
      invoke + "{\"time\":15,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":null}\n",
      "{\"index\":0,\"time\":10,\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[]}\n",
      // a carriage return, which moves Jackson's line numbers
      invoke.replace(",\"type\"", ",\r\"type\""),
    };
    for (String text : others) assertThat(TxnJsonlReader.read(write(text))).as(text).isNull();
  }

  @Test
  void aClientNumberedPastTheSharedOnesIsLeftToTheGeneralReader() throws Exception {
    for (long process : new long[] {Process.SHARED_CLIENTS, -1}) {
      String text = ("{\"index\":0,\"time\":10,\"process\":P,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1,1]]}\n"
          + "{\"index\":1,\"time\":20,\"process\":P,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",1,1]]}\n").replace("P", Long.toString(process));
      Path file = write(text);
      assertThat(TxnJsonlReader.read(file)).as(text).isNull();
      assertThat(general(file).txns()).singleElement().satisfies(t -> {
        assertThat(t.process()).isEqualTo(Process.client(process));
        assertThat(t.invoke()).isZero();
        assertThat(t.complete()).isOne();
      });
    }
  }
}
