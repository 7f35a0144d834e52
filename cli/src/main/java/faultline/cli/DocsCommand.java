package faultline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline docs}: checks, or with {@code --write} rewrites, the reference tables in the
 * docs' Markdown pages from the registries ({@link ReferenceTables}). Hidden: it is for whoever
 * adds a workload, a fault, a topology, a model or a scenario.
 */
@Command(name = "docs", hidden = true, mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Checks (or with --write rewrites) the docs' reference tables made from the registries.")
public final class DocsCommand implements Callable<Integer> {
  @Option(names = "--write", description = "rewrite the pages that are out of date")
  boolean write;

  @Parameters(paramLabel = "DIR", defaultValue = "docs", description = "the folder of Markdown pages (default: docs)")
  Path docs;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(docs)) throw new UserError(ExitCode.USAGE, "no folder " + docs);
    List<Path> stale = ReferenceTables.update(docs, write);
    for (Path page : stale) System.out.println((write ? "rewrote " : "out of date: ") + page);
    if (stale.isEmpty()) System.out.println("every reference table in " + docs + " is up to date");
    return write || stale.isEmpty() ? ExitCode.VALID : ExitCode.ANOMALY;
  }
}
