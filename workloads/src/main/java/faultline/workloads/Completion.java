package faultline.workloads;

import faultline.checker.history.OpType;

/**
 * What became of an invocation, in the terms of DESIGN.md: {@code ok} it happened, {@code fail}
 * the server said it certainly did not, {@code info} nobody knows (a timeout, a broken
 * connection, any doubt).
 *
 * @param value for {@code ok}: what a read returned, or the invocation's own value; for {@code info}:
 *     null (the history repeats the invocation's value), or what the client knows took place
 *     before it lost track (the job it claimed)
 * @param error why it failed or is uncertain, null when ok
 * @param servedBy the server the op was sent to, as it identified itself when the connection
 *     opened; null when unknown (no connection, or a client that does not say)
 */
public record Completion(OpType type, Object value, String error, ServerIdentity servedBy) {

  public static Completion ok(Object value) {
    return new Completion(OpType.OK, value, null, null);
  }

  public static Completion fail(String why) {
    return new Completion(OpType.FAIL, null, why, null);
  }

  public static Completion info(String why) {
    return new Completion(OpType.INFO, null, why, null);
  }

  /** This completion, served by {@code server} (null: unknown). */
  public Completion servedBy(ServerIdentity server) {
    return new Completion(type, value, error, server);
  }
}
