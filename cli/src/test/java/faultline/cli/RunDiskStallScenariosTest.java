package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-stall scenarios, 20 s each against a real redis-server carrying faultline's
 * disk-stall library: a kill during a stall loses acknowledged increments under appendfsync
 * everysec, and none under always. Both runs kill the node during a stall (the history shows it).
 */
class RunDiskStallScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  private record Run(int exit, JsonNode test, JsonNode results, List<Op> nemesis) {}

  private Run run(String scenario) throws Exception {
    int exit = Faultline.execute("run", "--scenario", scenario, "--time-limit=20", "--seed=19", "--store", store.toString());
    Path folder = store.resolve("latest").toRealPath();
    List<Op> nemesis = HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops().stream()
        .filter(op -> op.process() == Process.NEMESIS).toList();
    return new Run(exit, JSON.readTree(folder.resolve("test.json").toFile()), JSON.readTree(folder.resolve("results.json").toFile()), nemesis);
  }

  /** At least one stop killed the node while its disk was stalled and started it again, and nothing was left behind. */
  private static void assertKilledDuringAStall(Run r) {
    List<Op> kills = r.nemesis().stream()
        .filter(op -> op.type() == OpType.INFO && op.f().equals("stop-disk-stall") && ((Map<?, ?>) op.value()).containsKey("killed-pid"))
        .toList();
    assertThat(kills).isNotEmpty();
    assertThat(r.nemesis().stream().filter(op -> op.type() == OpType.INFO && op.f().equals("start-disk-stall")))
        .allSatisfy(op -> assertThat(((Map<?, ?>) op.value()).get("delay-ms")).isEqualTo(3000L));
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
  }

  @Test
  void everysecLosesAcknowledgedIncrementsToAKillDuringADiskStall() throws Exception {
    Run r = run("redis-counter-incr-disk-stall-kill");
    assertThat(r.test().at("/durability").asText()).isEqualTo("appendonly yes, appendfsync everysec");
    assertThat(r.exit()).as("acknowledged increments lost").isEqualTo(ExitCode.ANOMALY);
    assertThat(r.results().toString()).contains("were lost");
    assertKilledDuringAStall(r);
  }

  @Test
  void alwaysLosesNothingAcknowledgedToTheSameKills() throws Exception {
    Run r = run("redis-counter-incr-disk-stall-kill-always");
    assertThat(r.test().at("/durability").asText()).isEqualTo("appendonly yes, appendfsync always");
    assertThat(r.exit()).as("nothing acknowledged lost").isEqualTo(ExitCode.VALID);
    assertThat(r.results().at("/stats/info").asLong()).as("INCRBYs that waited for a stalled fsync timed out").isPositive();
    assertKilledDuringAStall(r);
  }
}
