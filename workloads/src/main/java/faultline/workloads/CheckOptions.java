package faultline.workloads;

import faultline.checker.linear.Progress;
import java.time.Duration;

/**
 * What a run tells its workload's checkers.
 *
 * @param model the model a register is checked against (register, cas-register, ...)
 * @param timeLimit how long each search may take; past it the verdict is unknown
 * @param progress where the linearizability search counts how far it has got (for a live line)
 */
public record CheckOptions(String model, Duration timeLimit, Progress progress) {
  public CheckOptions(String model, Duration timeLimit) {
    this(model, timeLimit, new Progress());
  }
}
