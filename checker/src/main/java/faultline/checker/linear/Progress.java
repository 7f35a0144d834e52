package faultline.checker.linear;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a check has got, updated by the searches as partitions finish, read by whoever shows
 * progress. Counting only: it never changes what the search does.
 */
public final class Progress {
  private final AtomicInteger partitions = new AtomicInteger();
  private final AtomicInteger partitionsDone = new AtomicInteger();
  private final AtomicLong operationsDone = new AtomicLong();

  void planned(int count) {
    partitions.addAndGet(count);
  }

  void finished(int operations) {
    partitionsDone.incrementAndGet();
    operationsDone.addAndGet(operations);
  }

  public int partitions() {
    return partitions.get();
  }

  public int partitionsDone() {
    return partitionsDone.get();
  }

  public long operationsDone() {
    return operationsDone.get();
  }
}
