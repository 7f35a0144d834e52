package faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faultline} command: one subcommand per verb of DESIGN.md. Exit codes are those of
 * {@link ExitCode}; errors are one line on stderr, never a stack trace.
 */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Jepsen-style correctness and fault-injection suite for Redis and PostgreSQL.",
    subcommands = {
      CheckCommand.class,
      CompareCommand.class,
      DocsCommand.class,
      EnvCommand.class,
      ExportCommand.class,
      PublishCommand.class,
      ReportCommand.class,
      RunCommand.class,
      ScenariosCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Faultline implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    int code;
    try {
      code = execute(args);
    } catch (Throwable t) { // an Error escaping picocli: still one line, never a stack trace
      System.err.println("faultline: " + Terminal.oneLine(ExitCode.describe(t)));
      code = ExitCode.INTERNAL;
    }
    System.exit(code);
  }

  /** Runs the command line and returns its exit code; used by tests too. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Faultline());
    cli.setExitCodeExceptionMapper(ExitCode::of);
    cli.setParameterExceptionHandler(
        (ex, ignored) -> {
          System.err.println("faultline: " + Terminal.oneLine(ex.getMessage()));
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          System.err.println("faultline: " + Terminal.oneLine(ExitCode.describe(ex)));
          return ExitCode.of(ex);
        });
    return cli.execute(args);
  }
}
