package faultline.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownNameTest {
  private static final List<String> FAULTS = List.of("partition", "partition-halves", "kill", "kill-primary", "pause");

  @Test
  void aTypoGetsTheNearestName() {
    assertThat(UnknownName.message("fault", "partiton", FAULTS)).isEqualTo("unknown fault 'partiton'; did you mean partition?");
    assertThat(UnknownName.message("fault", "partitoin", FAULTS)).isEqualTo("unknown fault 'partitoin'; did you mean partition?");
    assertThat(UnknownName.message("fault", "kil", FAULTS)).isEqualTo("unknown fault 'kil'; did you mean kill?");
    assertThat(UnknownName.message("fault", "KILL", FAULTS)).isEqualTo("unknown fault 'KILL'; did you mean kill?");
  }

  @Test
  void aDifferentWordGetsTheListOrWhereItIs() {
    assertThat(UnknownName.message("fault", "explode", FAULTS))
        .isEqualTo("unknown fault 'explode'; known: partition, partition-halves, kill, kill-primary, pause");
    assertThat(UnknownName.message("scenario", "explode", FAULTS, "faultline scenarios lists them"))
        .isEqualTo("unknown scenario 'explode'; faultline scenarios lists them");
    assertThat(UnknownName.nearest("disk-stall-soon", List.of("disk-stall-kill"))).isEmpty();
    assertThat(UnknownName.nearest("anything", List.of())).isEmpty();
  }

  @Test
  void distanceCountsASwapOfNeighboursAsOneEdit() {
    assertThat(UnknownName.distance("ab", "ba")).isEqualTo(1);
    assertThat(UnknownName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(UnknownName.distance("", "abc")).isEqualTo(3);
    assertThat(UnknownName.distance("same", "same")).isZero();
  }
}
