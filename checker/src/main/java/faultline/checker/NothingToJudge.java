package faultline.checker;

/**
 * The one rule for a history that gives a checker nothing to judge. No client operation at all, or
 * none of the kind the check needs (a bank history of transfers only, a counter without a read):
 * unknown, since nothing checked proves nothing. Every client operation failed: nothing took
 * effect, which is valid, as Knossos judges such histories; the reason line says so.
 */
public final class NothingToJudge {
  private NothingToJudge() {}

  /** Valid when operations were made and every one failed; unknown otherwise. */
  public static Verdict verdict(long ok, long info, long failed) {
    return allFailed(ok, info, failed) ? Verdict.VALID : Verdict.UNKNOWN;
  }

  public static boolean allFailed(long ok, long info, long failed) {
    return ok == 0 && info == 0 && failed > 0;
  }

  /**
   * One line saying why there is nothing to judge.
   *
   * @param needed what the check needs and did not find ("successful read", "committed transaction")
   */
  public static String reason(long ok, long info, long failed, String needed) {
    if (allFailed(ok, info, failed)) {
      return "nothing took effect: all " + failed + " client operations failed (valid, as Knossos judges such histories)";
    }
    long all = ok + info + failed;
    return all == 0 ? "no client operation: nothing to check" : "no " + needed + " among " + all + " client operations: nothing to check";
  }
}
