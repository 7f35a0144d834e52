package faultline.checker.linear;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads partitions are searched on: one per core, shared by every check in the process so
 * that checking many files does not start and stop a pool per file. Daemon threads: an unfinished
 * search never keeps the JVM alive.
 */
final class SearchThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();
  static final int SIZE = Runtime.getRuntime().availableProcessors();
  static final ExecutorService POOL = Executors.newFixedThreadPool(SIZE, r -> {
    Thread t = new Thread(r, "faultline-search-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private SearchThreads() {}
}
