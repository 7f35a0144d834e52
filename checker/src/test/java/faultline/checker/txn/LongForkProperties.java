package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The long-fork check compares reads by what they saw (distinct reads, then a chain of inclusions)
 * instead of every pair: its verdict must be the pairwise one on random reads.
 */
class LongForkProperties {

  @Property(tries = 300)
  void theVerdictIsThatOfComparingEveryPair(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int keys,
      @ForAll @IntRange(min = 1, max = 30) int reads, @ForAll boolean twice) throws Exception {
    Random rnd = new Random(seed);
    TxnHistories h = history();
    for (int k = 0; k < keys; k++) h.txn(0, "ok", "[:w " + k + " 1]");
    boolean[][] saw = new boolean[reads][keys];
    for (int i = 0; i < reads; i++) {
      StringBuilder mops = new StringBuilder();
      for (int k = 0; k < keys; k++) {
        saw[i][k] = rnd.nextBoolean();
        mops.append("[:r ").append(k).append(saw[i][k] ? " 1] " : " nil] ");
      }
      // Sometimes a key read twice, one way then the other: the pairwise path.
      if (twice && i == 0) mops.append("[:r 0 ").append(saw[i][0] ? "nil]" : "1]");
      h.txn(1 + i, "ok", mops.toString().strip());
    }
    boolean fork = false;
    for (int i = 0; i < reads && !fork; i++) {
      for (int j = i + 1; j < reads && !fork; j++) {
        boolean onlyI = false, onlyJ = false;
        for (int k = 0; k < keys; k++) {
          boolean si = saw[i][k] || (twice && i == 0 && k == 0), ni = !saw[i][k] || (twice && i == 0 && k == 0);
          onlyI |= si && !saw[j][k];
          onlyJ |= ni && saw[j][k];
        }
        fork = onlyI && onlyJ;
      }
    }
    TxnResult r = h.check(new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null));
    assertThat(r.verdict()).as("seed %d", seed).isEqualTo(fork ? Verdict.INVALID : Verdict.VALID);
  }
}
