package faultline.cli;

import faultline.results.publish.PublishedSite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline publish STORE... OUT}: a static site of the runs of one store or several. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Writes a static site of the store's runs into OUT, to be read without network.",
      "Several stores (CI matrix jobs', each its own) make one site, as if one store held their runs.",
      "Relative links only: index.html with each scenario's latest verdicts, its runs and how many found anomalies;",
      "each run's report; a page per finding (an INVALID run) with the command that reproduces it; a",
      "comparison wherever a run's configuration differs from the run before it.",
      "OUT must be new, empty, or an earlier site of publish (it is replaced whole).",
      "Exit codes: 0 published, 64 bad store or OUT."
    })
public final class PublishCommand implements Callable<Integer> {

  @Parameters(arity = "2..*", paramLabel = "STORE... OUT", description = "the stores, such as ./store, then the site's folder")
  List<Path> paths;

  @Option(names = "--test", paramLabel = "NAME", description = "publish only this test's runs (repeatable; default every test)")
  List<String> tests = List.of();

  @Option(names = "--latest", description = "only the newest run of each test")
  boolean latest;

  @Option(names = "--all", description = "every run of each test (the default)")
  boolean all;

  @Override
  public Integer call() {
    if (latest && all) throw new UserError(ExitCode.USAGE, "--latest and --all: give one");
    List<Path> stores = paths.subList(0, paths.size() - 1);
    Path out = paths.get(paths.size() - 1);
    PublishedSite.Published p;
    try {
      p = PublishedSite.publish(stores, out, new PublishedSite.Selection(Set.copyOf(tests), latest));
    } catch (IllegalArgumentException | IOException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
    for (String s : p.skipped()) System.err.println("faultline publish: not published: " + Terminal.oneLine(s));
    System.out.printf("published %d runs of %d scenarios (%d findings, %d comparisons): %s%n", p.runs(), p.scenarios(), p.findings(),
        p.comparisons(), out.resolve("index.html"));
    return ExitCode.VALID;
  }
}
