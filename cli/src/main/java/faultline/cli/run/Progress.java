package faultline.cli.run;

import faultline.workloads.RunStats;
import java.io.PrintStream;

/**
 * The live line on stderr while a run goes on: elapsed time, ops per second over the last
 * second, and ok/fail/info so far. Only when stderr is a terminal: logs and CI output stay clean.
 */
final class Progress implements AutoCloseable {
  private final Thread thread;
  private final PrintStream err;

  private Progress(Thread thread, PrintStream err) {
    this.thread = thread;
    this.err = err;
  }

  static Progress start(RunStats stats, PrintStream err) {
    if (!faultline.cli.Terminal.stderrIsTerminal()) return new Progress(null, err);
    long start = System.nanoTime();
    Thread t = Thread.ofPlatform().daemon().name("faultline-progress").start(() -> {
      long lastCount = 0;
      long lastTime = start;
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        long count = stats.completed();
        double rate = (count - lastCount) / ((now - lastTime) / 1e9);
        lastCount = count;
        lastTime = now;
        err.printf("\r  %5.1f s  %,8.0f ops/s  ok %,d  fail %,d  info %,d   ", (now - start) / 1e9, rate, stats.ok(), stats.fail(), stats.info());
        err.flush();
      }
    });
    return new Progress(t, err);
  }

  @Override
  public void close() {
    if (thread == null) return;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.print("\r" + " ".repeat(78) + "\r");
    err.flush();
  }
}
