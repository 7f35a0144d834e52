package faultline.checker.sequential;

import faultline.checker.Verdict;

/**
 * What one search of a group of operations found.
 *
 * @param witness for INVALID, where the search got stuck
 * @param reason for UNKNOWN, why it stopped
 * @param explored configurations expanded, a measure of the work done
 */
record SequentialOutcome(Verdict verdict, SequentialWitness witness, String reason, int operations, long explored) {}
