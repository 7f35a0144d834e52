package faultline.cli;

import faultline.results.browse.ResultsBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline serve}: the results browser, on 127.0.0.1 until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Serves the store on http://127.0.0.1:PORT/ (loopback only) until Ctrl-C.",
      "Every run newest first, with its verdict, ops and faults, linking to report.html and the run's files."
    })
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "the store (default ./store)")
  Path store;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8088", description = "port on 127.0.0.1 (default 8088; 0 for any free port)")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(store)) throw new UserError(ExitCode.USAGE, store + ": no such store (faultline run makes one)");
    if (port < 0 || port > 65535) throw new UserError(ExitCode.USAGE, "--port must be 0..65535");
    ResultsBrowser browser;
    try {
      browser = ResultsBrowser.start(store, port);
    } catch (RuntimeException e) {
      throw new UserError(ExitCode.UNAVAILABLE, "cannot serve on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
    }
    System.out.println("faultline serve: " + browser.url() + " (store " + store.toAbsolutePath().normalize() + "); Ctrl-C stops it");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      browser.close();
      stopped.countDown();
    }));
    stopped.await();
    return ExitCode.VALID;
  }
}
