package faultline.api;

/**
 * Your code, as one logical process of a test sees it: faultline calls {@link #invoke} with one
 * operation at a time, and you say what became of it. A test opens one client per logical process
 * (through the {@link ClientFactory} you give it); a process that ends {@code info} is retired and
 * its client closed, and a fresh client, as a fresh process, takes its place.
 *
 * <h2>ok, fail and info</h2>
 *
 * <p>What you return decides what the checker may assume, so it must be true:
 *
 * <ul>
 *   <li>{@link Completion#ok(Object)}: the operation <em>happened</em>. For a read, its value is
 *       what was read; for a write, the value written.
 *   <li>{@link Completion#fail(String)}: the operation <em>certainly did not happen</em>: the
 *       server refused it before doing anything (a connection that could not be opened, a
 *       constraint violation, a serialization failure whose transaction was rolled back, a
 *       compare-and-set whose expected value did not match). Say {@code fail} only when you know.
 *   <li>{@link Completion#info(String)}: <em>nobody knows</em>: a timeout, a connection broken
 *       after the request was sent, any doubt. The operation may have taken effect at any time
 *       after it was invoked, or never; the checker tries both. This is always a safe answer,
 *       only a less informative one.
 * </ul>
 *
 * <p>An exception that escapes {@code invoke} is recorded as {@code info} with its message.
 * Every operation must be bounded in time (give your client library a timeout of a second or
 * so): a fault may leave a request without an answer for ever.
 *
 * <h2>A worked example</h2>
 *
 * <p>A leaderboard's "add points" against Redis, with Lettuce, for the {@code counter} workload
 * (operations {@code add} with an amount, and {@code read}):
 *
 * <pre>{@code
 * final class LeaderboardClient implements Client {
 *   private final RedisClient redis;
 *   private final StatefulRedisConnection<String, String> connection;
 *
 *   LeaderboardClient(RedisURI uri) {
 *     redis = RedisClient.create(uri);           // uri: the run's endpoint, timeout and password
 *     connection = redis.connect();               // throws when the server cannot be reached: fail
 *   }
 *
 *   public Completion invoke(Invocation op) {
 *     try {
 *       return switch (op.f()) {
 *         case "add" -> {
 *           connection.sync().zincrby("board", op.longValue(), op.key());
 *           yield Completion.ok(op.value());     // the reply came: the points were added
 *         }
 *         case "read" -> {
 *           Double score = connection.sync().zscore("board", op.key());
 *           yield Completion.ok(score == null ? 0L : score.longValue());
 *         }
 *         default -> Completion.fail("unknown operation " + op.f());   // nothing was sent
 *       };
 *     } catch (RedisCommandTimeoutException e) {
 *       return Completion.info("timeout");       // sent, no answer: it may have been added
 *     }
 *   }
 *
 *   public void close() {
 *     connection.close();
 *     redis.shutdown();
 *   }
 * }
 * }</pre>
 *
 * <p>A timeout is {@code info}: the ZINCRBY may have reached Redis and been applied, its reply
 * lost. A read that times out is {@code info} too (a read changes nothing, so the checker simply
 * ignores it). A refused connection, before anything was sent, is a definite refusal: {@code
 * fail}, or let the constructor throw (a client that cannot be opened counts as a {@code fail} of
 * the operation it was opened for).
 */
public interface Client extends AutoCloseable {

  /**
   * Performs {@code op} and says what became of it; see the class documentation for the rules.
   *
   * @param op the operation: its function, key and argument
   * @return {@code ok}, {@code fail} or {@code info}
   * @throws Exception anything else, which is recorded as {@code info}
   */
  Completion invoke(Invocation op) throws Exception;

  /**
   * Releases the client's connections; called once, when its process ends. By default nothing.
   * An exception it throws is ignored: the process is over either way.
   */
  @Override
  default void close() {}
}
