package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;

/**
 * Where a schedule records its ops: the run's history recorder, which numbers and times every
 * event of clients and nemesis alike. A method reference fits, for example
 * {@code (type, f, value, error) -> recorder.record(Process.NEMESIS, type, f, null, value, error)}.
 */
@FunctionalInterface
public interface NemesisHistory {
  /** Records one nemesis event and returns it as recorded (with its index and time). */
  Op record(OpType type, String f, Object value, String error);
}
