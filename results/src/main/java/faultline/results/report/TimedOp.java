package faultline.results.report;

/**
 * An invocation and its completion, as the timeline and the plots draw it.
 *
 * @param outcome "ok", "fail", "info", or "pending" when the history ends before a completion
 * @param start the invocation's time in nanoseconds (or its event index when the history has no times)
 * @param end the completion's time, or the history's end when pending
 * @param completeIndex the completion's event index, or -1 when pending
 */
public record TimedOp(long invokeIndex, long completeIndex, Object process, String outcome, String f, Object key,
    Object value, Object result, String error, long start, long end) {

  public boolean isNemesis() {
    return "nemesis".equals(process);
  }

  public boolean completed() {
    return completeIndex >= 0;
  }

  public long latency() {
    return end - start;
  }
}
