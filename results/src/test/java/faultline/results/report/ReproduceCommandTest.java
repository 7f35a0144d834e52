package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test.json comes from anywhere: its values must reach a shell as single words, never as commands. */
class ReproduceCommandTest {
  @TempDir Path dir;

  @Test
  void aNameThatIsACommandIsOneQuotedWord() throws Exception {
    Path pwned = dir.resolve("pwned");
    String name = "x; touch " + pwned + " | sh # $(touch " + pwned + ") `touch " + pwned + "` it's";
    Map<String, Object> test = test(name);
    test.put("isolation", "serializable'; touch " + pwned + "; echo '");

    String command = ReproduceCommand.of(test);

    assertThat(command).startsWith("bin/faultline run --scenario 'x; touch ");
    assertThat(wordsAsShellReadsThem(command)).containsExactly(
        "run", "--scenario", name, "--nemesis", "kill", "--nemesis-interval", "5",
        "--isolation", "serializable'; touch " + pwned + "; echo '", "--seed", "42");
    assertThat(pwned).doesNotExist();
  }

  @Test
  void aRunOfAUsersOwnClientHasNoCommand() {
    // The Java API's runs: faultline run cannot repeat the user's client; the user's test does.
    Map<String, Object> test = test("leaderboard");
    test.put("client-class", "com.example.LeaderboardClient");
    assertThat(ReproduceCommand.of(test)).isNull();
  }

  @Test
  void plainValuesStayUnquoted() {
    assertThat(ReproduceCommand.of(test("pg-append-serializable")))
        .isEqualTo("bin/faultline run --scenario pg-append-serializable --nemesis kill --nemesis-interval 5 --seed 42");
  }

  @Test
  void anExternalRunRepeatsItsEndpointsWithThePasswordLeftToTheUser() {
    Map<String, Object> test = test("redis-counter-incr");
    test.put("environment", Map.of("kind", "external", "endpoints", List.of("primary=redis://:***@10.0.0.5:6379", "replica=redis://:***@10.0.0.6:6379")));
    assertThat(ReproduceCommand.of(test)).isEqualTo("bin/faultline run --scenario redis-counter-incr "
        + "--endpoint 'primary=redis://:***@10.0.0.5:6379' --endpoint 'replica=redis://:***@10.0.0.6:6379' --nemesis kill --nemesis-interval 5 --seed 42");
  }

  @Test
  void aValueWithANewlineGivesNoCommand() {
    assertThat(ReproduceCommand.of(test("x\nrm -rf ~"))).isNull();
    assertThat(ReproduceCommand.of(test("x\u001b[2Jy"))).isNull();
  }

  @Test
  void aBacktickCannotEndTheSummarysCodeSpan() {
    assertThat(MarkdownSummary.codeSpan("a ``b` c")).isEqualTo("``` a ``b` c ```");
    assertThat(MarkdownSummary.codeSpan("plain")).isEqualTo("`plain`");
  }

  private static Map<String, Object> test(String name) {
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", name);
    test.put("topology", "pg-single");
    test.put("workload", "append");
    test.put("client", "postgres");
    test.put("nemesis", Map.of("faults", List.of("kill"), "interval-s", 5.0));
    test.put("seed", 42);
    return test;
  }

  /** The arguments a POSIX shell passes to bin/faultline for {@code command}. */
  private static List<String> wordsAsShellReadsThem(String command) throws Exception {
    String script = "set -- " + command.substring("bin/faultline ".length()) + "\nfor a; do printf '%s\\0' \"$a\"; done";
    Process sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor()).as(out).isZero();
    return Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
  }
}
