package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline check} end to end in-process: output, JSON and the exit codes CI relies on. */
class CheckCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Faultline.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final String VALID = """
      {"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":1}
      {"index":1,"time":5,"process":0,"type":"ok","f":"write","value":1}
      {"index":2,"time":6,"process":1,"type":"invoke","f":"read","value":null}
      {"index":3,"time":9,"process":1,"type":"ok","f":"read","value":1}
      """;

  private static final String STALE = """
      {"index":0,"time":0,"process":0,"type":"invoke","f":"write","value":1}
      {"index":1,"time":5,"process":0,"type":"ok","f":"write","value":1}
      {"index":2,"time":6,"process":1,"type":"invoke","f":"read","value":null}
      {"index":3,"time":9,"process":1,"type":"ok","f":"read","value":4}
      """;

  @Test
  void validHistoryExitsZero() throws Exception {
    Run r = run("check", "--model", "register", write("v.jsonl", VALID).toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("v.jsonl: linearizable (register");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void violationExitsOneWithAWitness() throws Exception {
    Run r = run("check", write("s.jsonl", STALE).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("NOT linearizable (register (guessed)").contains("can't read 4 from register 1");
  }

  @Test
  void jsonHasATopLevelVerdictAndTheWitness() throws Exception {
    Run r = run("check", "--json", "--model", "register", write("s.jsonl", STALE).toString(), write("v.jsonl", VALID).toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("valid").asBoolean()).isFalse();
    assertThat(doc.get("files")).hasSize(2);
    assertThat(doc.get("files").get(0).get("witness").get("op").get("process").asInt()).isEqualTo(1);
    assertThat(doc.get("files").get(1).get("valid").asBoolean()).isTrue();
  }

  @Test
  void undecidableWithinTheTimeLimitExitsTwo() throws Exception {
    StringBuilder h = new StringBuilder();
    // Values repeat, so only the search (not the zone check) can decide it: it needs every subset.
    for (int p = 0; p < 24; p++) h.append("{\"process\":%d,\"type\":\"invoke\",\"f\":\"write\",\"value\":%d}\n".formatted(p, p % 2));
    for (int p = 0; p < 24; p++) h.append("{\"process\":%d,\"type\":\"ok\",\"f\":\"write\",\"value\":%d}\n".formatted(p, p % 2));
    h.append("{\"process\":99,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n{\"process\":99,\"type\":\"ok\",\"f\":\"read\",\"value\":1000}\n");
    Run r = run("check", "--time-limit", "0.01", "--json", write("hard.jsonl", h.toString()).toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(r.out()).get("valid").asText()).isEqualTo("unknown");
  }

  @Test
  void badInputIsOneLineAndExit64() throws Exception {
    Path truncated = write("t.jsonl", VALID + "{\"index\":4,\"process\":1,\"ty\n{\"index\":5,\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n");
    byte[] before = Files.readAllBytes(truncated);
    Run r = run("check", truncated.toString());
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).startsWith("faultline: " + truncated + ":5: truncated or malformed JSON").doesNotContain("\n");
    assertThat(Files.readAllBytes(truncated)).isEqualTo(before);
  }

  @Test
  void aLastLineCutMidWriteIsSetAsideWithOneLineAndTheWholeLinesChecked() throws Exception {
    // What a full disk or a SIGKILL mid-write leaves.
    Path cut = write("cut.jsonl", STALE + "{\"index\":4,\"process\":1,\"ty");
    Run r = run("check", "--model", "register", cut.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("cut.jsonl: NOT linearizable");
    assertThat(r.err().strip()).isEqualTo("faultline: " + cut + ":5: the last line is cut short (a write interrupted by a full disk or a kill?); "
        + "checked the 4 events of the whole lines before it");
  }

  @Test
  void missingFileUnknownModelAndBadFlagExit64() throws Exception {
    Run missing = run("check", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(64);
    assertThat(missing.err()).contains("nope.jsonl: no such file").doesNotContain("Exception");
    Run model = run("check", "--model", "queue", write("v.jsonl", VALID).toString());
    assertThat(model.code()).isEqualTo(64);
    assertThat(model.err().strip()).isEqualTo("faultline: unknown model 'queue'; known: register, cas-register, kv, multi-register, set, counter, "
        + "mutex, fifo-queue, unordered-queue, set-full, lock, fenced-lock, leaderboard, jobs, session, list-append, rw-register, bank, long-fork");
    Run flag = run("check", "--frobnicate", write("w.jsonl", VALID).toString());
    assertThat(flag.code()).isEqualTo(64);
    assertThat(flag.err().lines().count()).isEqualTo(1);
  }

  @Test
  void wrongModelForTheHistoryIsBadInput() throws Exception {
    Path cas = write("c.jsonl", """
        {"process":0,"type":"invoke","f":"cas","value":[1,2]}
        {"process":0,"type":"fail","f":"cas","value":[1,2]}
        """);
    Run r = run("check", "--model", "register", cas.toString());
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("c.jsonl:1: the register model has no cas (use --model cas-register)");
  }
}
