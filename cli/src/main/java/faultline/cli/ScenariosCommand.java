package faultline.cli;

import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code faultline scenarios}: the catalogue, one line each on what a scenario demonstrates. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Lists the named scenarios of 'faultline run --scenario NAME', one line each.")
public final class ScenariosCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    int width = Scenarios.ALL.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Scenario s : Scenarios.ALL) {
      System.out.printf("%-" + width + "s  %s (expected: %s)%n", s.name(), s.demonstrates(), s.expected());
    }
    System.out.printf("%nrun one: bin/faultline run --scenario NAME [--time-limit S]  (default %s, 30 s)%n", Scenarios.DEFAULT);
    return ExitCode.VALID;
  }
}
