package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SharedValuesTest {

  @Test
  void aShortStringIsOneObjectWhereverItComesFrom() {
    SharedValues shared = new SharedValues();
    String a = shared.string("[\"append\"".toCharArray(), 2, 6);
    String b = shared.string("append".toCharArray(), 0, 6);
    assertThat(a).isEqualTo("append").isSameAs(b);
    assertThat(shared.string("r".toCharArray(), 0, 1)).isEqualTo("r").isNotSameAs(a);
    assertThat(shared.string(new char[0], 0, 0)).isEmpty();
  }

  @Test
  void longStringsAndStringsPastTheTableAreStillRight() {
    SharedValues shared = new SharedValues();
    String longOne = "x".repeat(100);
    assertThat(shared.string(longOne.toCharArray(), 0, 100)).isEqualTo(longOne);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String s = "k" + i;
      assertThat(shared.string(s.toCharArray(), 0, s.length())).isEqualTo(s);
      seen.add(s);
    }
    assertThat(shared.string("k3".toCharArray(), 0, 2)).isEqualTo("k3");
    assertThat(shared.string("k9999".toCharArray(), 0, 5)).isEqualTo("k9999");
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void smallIntegersAreSharedOthersAreEqual() {
    assertThat(SharedValues.integer(70_000)).isSameAs(SharedValues.integer(70_000)).isEqualTo(70_000L);
    assertThat(SharedValues.integer(-5)).isEqualTo(-5L);
    assertThat(SharedValues.integer(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(SharedValues.integer(1L << 40)).isEqualTo(1L << 40);
  }

  @Property
  void aSharedStringEqualsItsCharacters(@ForAll @StringLength(max = 40) String s, @ForAll @StringLength(max = 40) String t) {
    SharedValues shared = new SharedValues();
    String a = shared.string(s.toCharArray(), 0, s.length());
    String b = shared.string(t.toCharArray(), 0, t.length());
    assertThat(a).isEqualTo(s);
    assertThat(b).isEqualTo(t);
    assertThat(shared.string(s.toCharArray(), 0, s.length())).isEqualTo(s);
  }
}
