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
 * The clock and client-pause faults in whole runs against a real redis-server: a run asking for a clock fault
 * starts its servers with the clock-offset library (so the fault is applied, not refused), a run
 * asking for client-pause freezes its workers, and both heal with nothing left behind.
 */
class RunClockAndClientPauseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  private List<Op> run(String client, String nemesis) throws Exception {
    int exit = Faultline.execute("run", "--workload", "counter", "--client", client, "--nemesis", nemesis, "--nemesis-interval", "1",
        "--time-limit=6", "--concurrency=3", "--seed=24", "--store", store.toString());
    assertThat(exit).isIn(ExitCode.VALID, ExitCode.ANOMALY);
    Path folder = store.resolve("latest").toRealPath();
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());
    assertThat(results.at("/nemesis/leftovers")).isEmpty();
    return HistoryFiles.read(folder.resolve("history.jsonl"), HistoryFormat.JSONL).ops().stream()
        .filter(op -> op.process() == Process.NEMESIS && op.type() != OpType.INVOKE).toList();
  }

  @Test
  void aClockJumpRunStartsItsServersWithTheLibraryAndAppliesEveryJump() throws Exception {
    List<Op> faults = run("redis-incrby", "clock-jump:-2000");
    assertThat(faults).filteredOn(op -> op.f().equals("start-clock-jump")).isNotEmpty()
        .allSatisfy(op -> {
          assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
          assertThat(((Map<?, ?>) op.value()).get("offset-ms")).isEqualTo(-2000L);
        });
    assertThat(faults).filteredOn(op -> op.f().equals("stop-clock-jump")).allMatch(op -> op.type() == OpType.INFO);
  }

  @Test
  void aClientPauseRunFreezesAWorkerBetweenItsReadAndItsWrite() throws Exception {
    List<Op> faults = run("redis-get-set", "client-pause");
    assertThat(faults).filteredOn(op -> op.f().equals("stop-client-pause") && op.type() == OpType.INFO)
        .anySatisfy(op -> assertThat(((Map<?, ?>) op.value()).get("froze")).isEqualTo(true));
  }
}
