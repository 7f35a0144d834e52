package faultline.workloads.txn;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import faultline.workloads.generator.Generator;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The list-append generator makes what Elle's checker needs: unique elements per key, short lists, a renewed pool. */
class ListAppendWorkloadTest {

  @Property(tries = 50)
  void transactionsAreShortAndEveryElementIsUniqueToItsKey(@ForAll long seed, @ForAll @IntRange(min = 1, max = 50) int keys,
      @ForAll @IntRange(min = 1, max = 40) int appendsPerKey) {
    Workload.Spanning pool = new ListAppendWorkload(true).spanning(keys, appendsPerKey);
    SplittableRandom random = new SplittableRandom(seed);
    Map<Object, Set<Object>> elements = new HashMap<>();
    Set<Object> active = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Invocation txn = pool.next(random);
      assertThat(txn.f()).isEqualTo("txn");
      assertThat(txn.key()).isNull();
      List<?> mops = (List<?>) txn.value();
      assertThat(mops).hasSizeBetween(1, TxnKeyPool.MAX_MICRO_OPS);
      for (Object m : mops) {
        List<?> mop = (List<?>) m;
        assertThat(mop).hasSize(3);
        active.add(mop.get(1));
        if (mop.get(0).equals("append")) {
          assertThat(elements.computeIfAbsent(mop.get(1), k -> new HashSet<>()).add(mop.get(2))).as("unique element").isTrue();
        } else {
          assertThat(mop.get(0)).isEqualTo("r");
          assertThat(mop.get(2)).isNull();
        }
      }
    }
    elements.values().forEach(e -> assertThat(e.size()).isLessThanOrEqualTo(appendsPerKey));
    assertThat(pool.keysUsed()).isGreaterThanOrEqualTo(active.size()).isGreaterThanOrEqualTo(keys);
  }

  @Property(tries = 10)
  void aSeedGivesTheSameTransactions(@ForAll long seed) {
    Workload.Spanning a = new ListAppendWorkload(true).spanning(10, 5);
    Workload.Spanning b = new ListAppendWorkload(true).spanning(10, 5);
    SplittableRandom ra = new SplittableRandom(seed);
    SplittableRandom rb = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) assertThat(a.next(ra)).isEqualTo(b.next(rb));
  }

  @Property(tries = 10)
  void retiredKeysAreReplacedSoThePoolStaysItsSize(@ForAll long seed) {
    Workload.Spanning pool = new ListAppendWorkload(true).spanning(3, 2);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 500; i++) pool.next(random);
    // 500 transactions of ~1.25 appends each over keys of two appends: hundreds of keys, three at a time.
    assertThat(pool.keysUsed()).isGreaterThan(100);
  }

  @Test
  void withReadsOnThePrimaryTheRunEndsWithAReadOfEveryKeyAndTheLostAppendCheck() {
    Generator generator = new Generator(new ListAppendWorkload(true), 7, 3, 2);
    for (int i = 0; i < 50; i++) generator.next();
    List<Invocation> reads = generator.finalReads();
    assertThat(reads).hasSize(generator.keysUsed());
    for (int i = 0; i < reads.size(); i++) {
      assertThat(reads.get(i).f()).isEqualTo("txn");
      assertThat(reads.get(i).value()).isEqualTo(List.of(Arrays.asList("r", (long) i, null)));
    }
    assertThat(new ListAppendWorkload(true).checkers(new CheckOptions("list-append", Duration.ofSeconds(5))).keySet()).containsExactly("list-append", "lost-appends");
  }

  @Test
  void withReadsOnReplicasThereAreNoFinalReads() {
    Generator generator = new Generator(new ListAppendWorkload(false), 7, 3, 2);
    for (int i = 0; i < 50; i++) generator.next();
    assertThat(generator.finalReads()).isEmpty();
    assertThat(new ListAppendWorkload(false).checkers(new CheckOptions("list-append", Duration.ofSeconds(5))).keySet()).containsExactly("list-append");
  }
}
