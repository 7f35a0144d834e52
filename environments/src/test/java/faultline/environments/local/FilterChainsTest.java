package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** faultline's iptables chains: made, swept only when their owner is gone, removed whole. */
class FilterChainsTest {
  /** No environment listens on port 9 of 127.0.0.10: this chain is the test's own. */
  private static final String CHAIN = FilterChains.nameFor(new Endpoint("127.0.0.10", 9));
  private final Iptables iptables = Iptables.system();
  private final FilterChains chains = new FilterChains(iptables);

  @AfterEach
  void removeTheTestsChain() {
    if (iptables.unavailable().isEmpty()) chains.remove(CHAIN);
  }

  @Test
  void aLiveOwnersChainSurvivesTheSweepAndIsRemovedWholeJumpIncluded() {
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    chains.create(CHAIN);
    chains.append(CHAIN, List.of("-s", "127.0.0.77", "-d", "127.0.0.10", "-p", "tcp", "--dport", "9", "-j", "DROP"));
    assertThat(iptables.run("-S", "OUTPUT").output()).as("the jump names its owner")
        .contains("faultline-owner:" + ProcessHandle.current().pid() + ":").contains("-j " + CHAIN);

    assertThat(chains.sweep()).noneMatch(line -> line.contains(CHAIN));
    assertThat(chains.rules(CHAIN)).get().asList().hasSize(1);

    assertThat(chains.remove(CHAIN)).contains(1);
    assertThat(iptables.run("-S").output()).as("iptables -S").doesNotContain(CHAIN);
    assertThat(chains.remove(CHAIN)).as("removing it again").isEmpty();
  }

  @Test
  void closingAnEnvironmentRemovesItsChainWhateverTheNemesisLeft(@org.junit.jupiter.api.io.TempDir Path dir) {
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    String chain;
    try (var env = LocalEnvironment.builder(faultline.environments.Topology.REDIS_SINGLE).runDirectory(dir.resolve("nodes")).start()) {
      chain = FilterChains.nameFor(env.toxiproxyApi());
      chains.create(chain); // as a partition that was never healed would leave it
      chains.append(chain, List.of("-s", "127.0.0.77", "-d", "127.0.0.10", "-p", "tcp", "--dport", "9", "-j", "DROP"));
    }
    assertThat(iptables.run("-S").output()).as("iptables -S after close").doesNotContain(chain);
  }

  @Test
  void withoutIptablesNothingIsMadeAndTheReasonSaysWhy() {
    Iptables missing = new Iptables(Path.of("/nonexistent/sbin/iptables"));
    assertThat(missing.unavailable()).get().asString().contains("not installed").contains("scripts/bootstrap");
    FilterChains none = new FilterChains(missing);
    assertThat(none.sweep()).isEmpty();
    assertThat(none.rules(CHAIN)).isEmpty();
    assertThat(none.remove(CHAIN)).isEmpty();
  }
}
