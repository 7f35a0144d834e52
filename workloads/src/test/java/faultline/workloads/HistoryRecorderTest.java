package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRecorderTest {
  @TempDir Path dir;

  @Test
  void eventsReachTheFileWhileTheRunGoesOnInWholeLines() throws Exception {
    Path file = dir.resolve("history.jsonl");
    try (HistoryRecorder recorder = new HistoryRecorder(file)) {
      Invocation cas = new Invocation("cas", "r1", List.of(1L, 4L));
      for (int i = 0; i < 5000; i++) {
        recorder.invoke(Process.client(i % 7), cas);
        recorder.complete(Process.client(i % 7), cas, Completion.fail("cas: value was not 1"));
      }
      // Without close: what a run killed now would leave, once the flusher has run.
      Thread.sleep(3 * HistoryRecorder.FLUSH_EVERY_MILLIS);
      String written = Files.readString(file);
      assertThat(written).endsWith("\n");
      assertThat(written.lines().count()).isEqualTo(10_000);
      History read = HistoryFiles.read(file, HistoryFormat.JSONL);
      assertThat(read.ops()).hasSize(10_000);
      assertThat(read.ops().get(1).error()).isEqualTo("cas: value was not 1");
    }
  }

  @Test
  void indexesAndTimesFollowTheOrderOfEvents() throws Exception {
    try (HistoryRecorder recorder = new HistoryRecorder(dir.resolve("h.jsonl"))) {
      Invocation read = new Invocation("read", "r1", null);
      recorder.invoke(Process.client(0), read);
      recorder.complete(Process.client(0), read, Completion.ok(3L));
      recorder.invoke(Process.client(1), read);
      recorder.complete(Process.client(1), read, Completion.info("timeout after 1000 ms"));
      List<Op> ops = recorder.history().ops();
      assertThat(ops).extracting(Op::index).containsExactly(0L, 1L, 2L, 3L);
      assertThat(ops).extracting(Op::time).isSorted();
      assertThat(ops.get(1).value()).isEqualTo(3L);
      assertThat(ops.get(3).type()).isEqualTo(OpType.INFO);
      assertThat(ops.get(3).value()).isNull(); // an uncertain read returned nothing
    }
  }

  @Test
  void anInfoKeepsItsInvocationsValueUnlessTheClientNamesWhatTookPlace() throws Exception {
    try (HistoryRecorder recorder = new HistoryRecorder(dir.resolve("h.jsonl"))) {
      Invocation add = new Invocation("add", "c1", 4L);
      recorder.invoke(Process.client(0), add);
      recorder.complete(Process.client(0), add, Completion.info("timeout after 1000 ms"));
      Invocation run = new Invocation("run", "q0", null);
      recorder.invoke(Process.client(1), run);
      // A worker that claimed a job and then lost track: the history must still name the job.
      recorder.complete(Process.client(1), run, new Completion(OpType.INFO, List.of("q0-j3", 1000L), "timeout after 1000 ms", null));
      List<Op> ops = recorder.history().ops();
      assertThat(ops.get(1).value()).isEqualTo(4L);
      assertThat(ops.get(3).value()).isEqualTo(List.of("q0-j3", 1000L));
      assertThat(ops.get(3).error()).isEqualTo("timeout after 1000 ms");
    }
  }
}
