package faultline.workloads.generator;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.workloads.CounterWorkload;
import faultline.workloads.Invocation;
import faultline.workloads.RegisterWorkload;
import faultline.workloads.SetWorkload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorTest {

  private static List<Invocation> take(Generator g, int n) {
    List<Invocation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(g.next());
    return out;
  }

  @Test
  void theSameSeedGivesTheSameOpStream() {
    List<Invocation> a = take(new Generator(new RegisterWorkload(true), 7, 5, 20), 500);
    List<Invocation> b = take(new Generator(new RegisterWorkload(true), 7, 5, 20), 500);
    List<Invocation> c = take(new Generator(new RegisterWorkload(true), 8, 5, 20), 500);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void eachKeyGetsAtMostOpsPerKeyThenAFreshKeyTakesItsPlace() {
    Generator g = new Generator(new CounterWorkload(), 1, 3, 10);
    Map<String, Integer> perKey = new HashMap<>();
    for (Invocation op : take(g, 1000)) perKey.merge(op.key(), 1, Integer::sum);
    assertThat(perKey.values()).allMatch(n -> n <= 10);
    assertThat(perKey.size()).isGreaterThanOrEqualTo(100);
    assertThat(g.keysUsed()).isEqualTo(perKey.size());
    assertThat(g.finalReads()).hasSize(perKey.size()).allMatch(Invocation::isRead);
  }

  @Test
  void registerWritesAreUniquePerKeyAndCasExpectsAWrittenValue() {
    Map<String, Set<Object>> written = new HashMap<>();
    for (Invocation op : take(new Generator(new RegisterWorkload(true), 3, 4, 50), 2000)) {
      switch (op.f()) {
        case "write" -> assertThat(written.computeIfAbsent(op.key(), k -> new HashSet<>()).add(op.value())).isTrue();
        case "cas" -> {
          List<?> fromTo = (List<?>) op.value();
          assertThat(written.get(op.key())).contains(fromTo.get(0));
          assertThat(written.get(op.key()).add(fromTo.get(1))).isTrue();
        }
        default -> assertThat(op.f()).isEqualTo("read");
      }
    }
  }

  @Test
  void aRegisterWithoutCasOnlyReadsAndWrites() {
    assertThat(take(new Generator(new RegisterWorkload(false), 3, 4, 50), 1000)).extracting(Invocation::f)
        .containsOnly("read", "write");
  }

  @Test
  void setElementsAreNeverAddedTwice() {
    Set<String> seen = new HashSet<>();
    for (Invocation op : take(new Generator(new SetWorkload(), 5, 2, 100), 1000)) {
      if (op.f().equals("add")) assertThat(seen.add(op.key() + "/" + op.value())).isTrue();
    }
  }

  @Test
  void theScheduleSpacesSlotsByTheRateOnAverage() {
    Schedule s = new Schedule(1000, 9);
    long start = 0;
    long last = 0;
    for (int i = 0; i < 1000; i++) last = s.nextSlot(start);
    // 1000 slots at 1000/s with ±50% jitter: close to one second, never a burst at once.
    assertThat(last - start).isBetween(900_000_000L, 1_100_000_000L);
    assertThat(new Schedule(0, 9).nextSlot(42)).isEqualTo(42);
  }
}
