package faultline.checker.linear;

import faultline.checker.Verdict;

/**
 * The outcome of searching one partition.
 *
 * @param verdict VALID, INVALID, or UNKNOWN (budget spent, or cancelled because another
 *     partition was found invalid first)
 * @param witness for INVALID, why
 * @param reason for UNKNOWN, why
 * @param explored configurations memoized, a measure of the search's work
 */
public record PartitionResult(Object key, int operations, Verdict verdict, Witness witness, String reason, long explored) {}
