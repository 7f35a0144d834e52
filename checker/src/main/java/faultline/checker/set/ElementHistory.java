package faultline.checker.set;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;

/**
 * One element of one key, as the set-full checker follows it. Positions are indices into the
 * history's events (real-time order as the file has it); times are nanoseconds, or
 * {@link faultline.checker.history.Op#NO_TIME}.
 */
final class ElementHistory {
  final Object key;
  final Object element;
  long addInvokeIndex = -1;
  int addInvokePos = -1;
  long addInvokeTime;
  /** How the add ended: OK, INFO (or null while pending / never completed); FAIL never reaches here. */
  OpType addOutcome;
  long addCompleteIndex = -1;
  /** Position from which the element is known to be in the set; Integer.MAX_VALUE while unknown. */
  int knownPos = Integer.MAX_VALUE;
  long knownTime;
  // Observations by reads that began after knownPos (or any read that shows it).
  int presentReads;
  int absentReads;
  boolean lastObservationPresent;
  int lastObservationPos = -1;
  long lastAbsentInvokeTime = Long.MIN_VALUE;
  long lastAbsentInvokeIndex = -1;
  long firstSeenIndex = -1;
  long firstSeenTime = Op.NO_TIME;

  ElementHistory(Object key, Object element) {
    this.key = key;
    this.element = element;
  }

  boolean acknowledged() {
    return addOutcome == OpType.OK;
  }

  ElementOutcome outcome() {
    if (presentReads + absentReads == 0) return knownPos == Integer.MAX_VALUE ? ElementOutcome.UNCONFIRMED : ElementOutcome.NEVER_READ;
    if (!lastObservationPresent) return presentReads == 0 && knownPos == Integer.MAX_VALUE ? ElementOutcome.UNCONFIRMED : ElementOutcome.LOST;
    return absentReads > 0 ? ElementOutcome.STALE : ElementOutcome.STABLE;
  }

  /** Whether the add was not acknowledged (info, or never completed) and a read showed the element. */
  boolean recovered() {
    return !acknowledged() && presentReads > 0;
  }
}
