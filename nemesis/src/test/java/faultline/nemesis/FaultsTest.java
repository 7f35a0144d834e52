package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault registry: every name it declares parses to its own fault, and every fault the nemeses run is declared. */
class FaultsTest {

  @Test
  void everyDeclaredNameParsesAsItself() {
    for (FaultKind kind : Faults.ALL) {
      assertThat(kind.description()).as(kind.usage()).isNotBlank();
      for (String name : kind.names()) {
        assertThat(kind.parse(name)).as(name).isNotNull().isEqualTo(Fault.parse(name));
        assertThat(Fault.parse(name).name()).isEqualTo(name);
      }
    }
    List<String> names = Faults.names();
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
  }

  @Test
  void everyLinkAndProcessFaultIsDeclared() {
    Arrays.stream(LinkFault.values()).forEach(l -> assertThat(Faults.names()).contains(l.id()));
    Arrays.stream(ProcessFault.values()).forEach(p -> assertThat(Faults.names()).contains(p.id(), p.id() + "-primary"));
  }

  @Test
  void helpWritesEachFaultOnceWithItsOptions() {
    assertThat(Faults.usage()).startsWith("partition[-isolate|-primary|-halves|-ring], kill[-primary], pause[-primary], failover[-kill], ")
        .contains("disk-stall[-kill][-primary][:MS], clock-skew[-primary][:±MS], clock-jump[-primary][:±MS], client-pause, ")
        .endsWith("latency, timeout, drop-replies, reset-peer, bandwidth, slicer, limit-data, link-down, each [:clients|:peers|:PROXY]");
  }
}
