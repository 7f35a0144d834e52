package faultline.workloads.redis;

/**
 * The client gave up on an op before sending it (for example: no node serves the key's slot), so
 * the op certainly did nothing: {@code fail}, unlike a command lost on the way, which is {@code info}.
 */
final class NotSent extends RuntimeException {
  NotSent(String reason) {
    super(reason, null, false, false);
  }
}
