package faultline.workloads;

import faultline.checker.history.OpType;

/**
 * What became of an invocation, in the terms of DESIGN.md: {@code ok} it happened, {@code fail}
 * the server said it certainly did not, {@code info} nobody knows (a timeout, a broken
 * connection, any doubt).
 *
 * @param value for {@code ok}: what a read returned, or the invocation's own value
 * @param error why it failed or is uncertain, null when ok
 */
public record Completion(OpType type, Object value, String error) {

  public static Completion ok(Object value) {
    return new Completion(OpType.OK, value, null);
  }

  public static Completion fail(String why) {
    return new Completion(OpType.FAIL, null, why);
  }

  public static Completion info(String why) {
    return new Completion(OpType.INFO, null, why);
  }
}
