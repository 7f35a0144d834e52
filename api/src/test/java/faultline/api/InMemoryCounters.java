package faultline.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Counters in memory, each call taking a short while as a round trip to a store would, with two
 * ways to add: reading, adding and writing back (loses updates when two adds overlap), or one
 * atomic merge.
 */
final class InMemoryCounters {
  private final ConcurrentHashMap<String, Long> values = new ConcurrentHashMap<>();

  long get(String key) {
    LockSupport.parkNanos(100_000);
    return values.getOrDefault(key, 0L);
  }

  void put(String key, long value) {
    LockSupport.parkNanos(100_000);
    values.put(key, value);
  }

  void merge(String key, long delta) {
    LockSupport.parkNanos(100_000);
    values.merge(key, delta, Long::sum);
  }

  /** A client of these counters for the counter workload. */
  Client client(boolean atomic) {
    return op -> switch (op.f()) {
      case "add" -> {
        if (atomic) merge(op.key(), op.longValue());
        else put(op.key(), get(op.key()) + op.longValue());
        yield Completion.ok(op.value());
      }
      case "read" -> Completion.ok(get(op.key()));
      default -> Completion.fail("unknown operation " + op.f());
    };
  }
}
