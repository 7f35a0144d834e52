package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.run.TestPlan;
import faultline.results.report.ReproduceCommand;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command a report gives to run a test again (ReproduceCommand, from test.json) makes the
 * same plan as the command line that ran it: the same test.json. Overrides a scenario does not
 * fix (appendfsync, sync) are repeated, not left to the scenario's default.
 */
class ReproduceCommandRoundTripTest {

  private static TestPlan plan(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.plan();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--scenario redis-counter-incr --appendfsync always --seed 5",
      "--scenario redis-counter-incr-disk-stall-kill-always --appendfsync no --seed 6",
      "--scenario pg-failover-sync-no-loss --sync off --seed 7",
      "--scenario pg-failover-async-lost-writes --sync remote_apply --seed 8",
      "--topology pg-replicated --workload list-append --client pg-append --sync on --isolation serializable --seed 9",
      "--scenario redis-register-replica-read --read-from primary --rate 50 --seed 10"})
  void theReproducingCommandMakesTheSamePlan(String commandLine) {
    Map<String, Object> test = plan(commandLine.split(" ")).toJson();
    String command = ReproduceCommand.of(test);
    assertThat(command).startsWith("bin/faultline run ");
    String[] again = command.substring("bin/faultline run ".length()).split(" ");
    assertThat(plan(again).toJson()).as(Arrays.toString(again)).isEqualTo(test);
  }
}
