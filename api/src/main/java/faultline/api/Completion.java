package faultline.api;

/**
 * What became of an {@link Invocation}: {@code ok} (it happened), {@code fail} (it certainly did
 * not) or {@code info} (nobody knows). The rules are in {@link Client}'s documentation.
 *
 * @param outcome ok, fail or info
 * @param value for ok: what a read returned, or the value written or added
 * @param error for fail and info: why, in a few words; null for ok
 */
public record Completion(Outcome outcome, Object value, String error) {

  /** The three outcomes. */
  public enum Outcome {
    /** It happened. */
    OK,
    /** It certainly did not happen. */
    FAIL,
    /** It may have happened, or not. */
    INFO
  }

  /**
   * Checks the fields.
   *
   * @param outcome ok, fail or info
   * @param value what a read returned, or the value written
   * @param error why, for fail and info
   */
  public Completion {
    if (outcome == null) throw new IllegalArgumentException("a completion needs an outcome");
    if (outcome != Outcome.OK && (error == null || error.isBlank())) {
      throw new IllegalArgumentException(outcome.name().toLowerCase(java.util.Locale.ROOT) + " needs a reason");
    }
  }

  /**
   * It happened.
   *
   * @param value what a read returned (a number, a list, a set), or the value written or added
   * @return an ok completion
   */
  public static Completion ok(Object value) {
    return new Completion(Outcome.OK, value, null);
  }

  /**
   * It certainly did not happen: the server refused it before doing anything.
   *
   * @param why the refusal, in a few words
   * @return a fail completion
   */
  public static Completion fail(String why) {
    return new Completion(Outcome.FAIL, null, why);
  }

  /**
   * Nobody knows whether it happened: a timeout, a broken connection.
   *
   * @param why what went wrong, in a few words
   * @return an info completion
   */
  public static Completion info(String why) {
    return new Completion(Outcome.INFO, null, why);
  }
}
