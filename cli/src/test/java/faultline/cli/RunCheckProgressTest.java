package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.linear.Progress;
import faultline.cli.run.Checks;
import faultline.cli.run.TestPlan;
import faultline.workloads.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The check after a run counts its search's progress where the live line reads it, as {@code faultline check}'s does. */
class RunCheckProgressTest {
  @TempDir Path dir;

  @Test
  void aRunsLinearizabilityCheckCountsItsPartitions() throws Exception {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--topology", "redis-single", "--workload", "register", "--seed", "1");
    TestPlan plan = run.plan();
    Path file = dir.resolve("history.jsonl");
    Files.writeString(file, """
        {"index":0,"time":0,"process":0,"type":"invoke","f":"write","key":"a","value":1}
        {"index":1,"time":5,"process":0,"type":"ok","f":"write","key":"a","value":1}
        {"index":2,"time":6,"process":1,"type":"invoke","f":"read","key":"b","value":null}
        {"index":3,"time":9,"process":1,"type":"ok","f":"read","key":"b","value":null}
        """);
    History history = HistoryFiles.read(file, HistoryFormat.JSONL);
    Progress progress = new Progress();
    var result = Checks.run(plan, Workloads.byName("register", true, true), history, progress);
    assertThat(result.verdict()).isEqualTo(Verdict.VALID);
    assertThat(progress.partitions()).isEqualTo(2);
    assertThat(progress.partitionsDone()).isEqualTo(2);
    assertThat(ProgressLine.searched(progress, 1)).isEqualTo("2/2 partitions, 2 ops/s");
  }
}
