package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run of each workload judged by checkers of its own (lock, fenced-lock, leaderboard, jobs,
 * session), against real servers for 5 to 8 s, and then {@code faultline check} of its history.jsonl,
 * with the model guessed: the same model as the run's workload, the same verdict as the run's
 * checkers, and each checker's verdict, summary and explanations as results.json has them.
 */
class RunHistoriesCheckedAgainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({ // long enough for the pauses (every 3 s, 3 s long) to outlive a lease, so that some runs find anomalies to compare
    "redis-lock-client-pause, lock, 8",
    "redis-lock-fenced-client-pause, fenced-lock, 8",
    "leaderboard-get-set, leaderboard, 5",
    "redis-jobs-lease-pause, jobs, 8",
    "redis-session, session, 5"
  })
  void checkingTheHistoryAgainGivesTheRunsVerdicts(String scenario, String workload, int seconds) throws Exception {
    int exit = Faultline.execute("run", "--scenario", scenario, "--time-limit=" + seconds, "--seed=6", "--store", store.toString());
    assertThat(exit).isIn(ExitCode.VALID, ExitCode.ANOMALY, ExitCode.UNKNOWN);
    Path folder = store.resolve("latest").toRealPath();
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());

    CheckCommandTest.Run check = CheckCommandTest.run("check", "--json", "--quiet", folder.resolve("history.jsonl").toString());
    JsonNode file = JSON.readTree(check.out()).at("/files/0");
    assertThat(file.at("/model").asText()).as(check.err()).isEqualTo(workload);
    assertThat(file.at("/model-guessed").asBoolean()).isTrue();
    // The checkers' verdict: the run's own, unless its self-checks changed it (then kept as checkers-valid).
    JsonNode checkersValid = results.has("checkers-valid") ? results.get("checkers-valid") : results.get("valid");
    assertThat(file.at("/valid")).isEqualTo(checkersValid);
    assertThat(check.code()).isEqualTo(switch (checkersValid.asText()) {
      case "true" -> ExitCode.VALID;
      case "false" -> ExitCode.ANOMALY;
      default -> ExitCode.UNKNOWN;
    });
    assertThat(names(file.at("/checkers"))).isEqualTo(names(results.at("/checkers")));
    for (int i = 0; i < results.at("/checkers").size(); i++) {
      JsonNode ran = results.at("/checkers/" + i);
      JsonNode checked = file.at("/checkers/" + i);
      String name = ran.at("/checker").asText();
      for (String field : List.of("/valid", "/summary", "/reason", "/explanations", "/ruled-out")) {
        assertThat(checked.at(field)).as(name + field).isEqualTo(ran.at(field));
      }
    }
  }

  private static List<String> names(JsonNode checkers) {
    List<String> out = new ArrayList<>();
    checkers.forEach(c -> out.add(c.at("/checker").asText()));
    return out;
  }
}
