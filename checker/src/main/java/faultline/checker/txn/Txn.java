package faultline.checker.txn;

import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.List;

/**
 * One transaction: its micro-ops and what became of it. {@code OK} committed; {@code FAIL} certainly
 * did not (its writes must never be seen); {@code INFO} (or an invocation that never completed) may
 * or may not have committed: its writes may be seen, and what its reads returned is unknown.
 *
 * @param id dense number, from 0, in order of invocation (of completion in completions-only histories)
 * @param mops the completion's micro-ops when it committed (reads carry what they returned), else the invocation's
 * @param invoke history index of the invocation, or -1 when the history has only completions
 * @param complete history index of the completion, or -1 when it never completed
 * @param line the line of the completion (of the invocation when there is none), for messages
 */
public record Txn(int id, Process process, OpType outcome, List<MicroOp> mops, long invoke, long complete, long line) {

  public boolean committed() {
    return outcome == OpType.OK;
  }

  public boolean failed() {
    return outcome == OpType.FAIL;
  }

  /** Whether it may have taken effect: committed, or crashed. */
  public boolean mayHaveHappened() {
    return outcome != OpType.FAIL;
  }

  /** T12, the name explanations use; the history index follows where it helps a reader find it. */
  public String name() {
    return "T" + id;
  }

  /** "T3 (process 1, events 4-6)" */
  public String describe() {
    String events = invoke < 0 ? "event " + complete : complete < 0 ? "event " + invoke + ", never completed"
        : "events " + invoke + "-" + complete;
    String what = outcome == OpType.OK ? "" : outcome == OpType.INFO ? ", crashed" : ", failed";
    return name() + " (process " + process + ", " + events + what + ")";
  }

  /** [[append 7 3] [r 7 [1 3]]], as the history wrote them, long keys and values cut, and at most 20 micro-ops. */
  public String showMops() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < mops.size() && i < SHOWN_MOPS; i++) out.append(i > 0 ? " " : "").append(mops.get(i).brief());
    if (mops.size() > SHOWN_MOPS) out.append(String.format(" \u2026 %,d more micro-ops", mops.size() - SHOWN_MOPS));
    return out.append(']').toString();
  }

  private static final int SHOWN_MOPS = 20;

  @Override
  public String toString() {
    return name() + " " + showMops();
  }
}
