package faultline.workloads;

import java.time.Duration;

/**
 * What a run tells its workload's checkers.
 *
 * @param model the model a register is checked against (register, cas-register, ...)
 * @param timeLimit how long each search may take; past it the verdict is unknown
 */
public record CheckOptions(String model, Duration timeLimit) {}
