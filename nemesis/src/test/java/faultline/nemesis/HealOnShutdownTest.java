package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import faultline.checker.history.OpType;
import faultline.environments.Topology;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heal at exit (Ctrl-C, SIGTERM) says "incomplete" only when something is left: the
 * environment's own hook tears it down at the same time, taking Toxiproxy and its toxics with it,
 * and a heal that then fails has nothing left to heal.
 */
class HealOnShutdownTest extends WithEnvironment {

  @AfterEach
  void close() throws Exception {
    closeAndAssertGone();
  }

  @Test
  void aHealThatFailsBecauseTheEnvironmentIsGoneSaysNothing() throws Exception {
    start(Topology.REDIS_REPLICATED);
    CompositeNemesis nemesis = Nemeses.of(env, 42);
    assertThat(perform(nemesis, LinkFaultNemesis.startF(LinkFault.LATENCY), LinkTargets.CLIENTS).type()).isEqualTo(OpType.INFO);
    var environment = env;
    environment.close(); // what the environment's own exit hook does, first
    org.assertj.core.api.Assertions.assertThatThrownBy(nemesis::heal).isInstanceOf(RuntimeException.class); // Toxiproxy is gone
    List<String> said = HealOnShutdown.healAtExit(nemesis, () -> Leftovers.afterExit(environment));
    assertThat(said).isEmpty();
  }

  @Test
  void aHealThatWorksSaysNothing() throws Exception {
    start(Topology.REDIS_SINGLE);
    CompositeNemesis nemesis = Nemeses.of(env, 42);
    assertThat(perform(nemesis, LinkFaultNemesis.startF(LinkFault.LATENCY), LinkTargets.CLIENTS).type()).isEqualTo(OpType.INFO);
    assertThat(HealOnShutdown.healAtExit(nemesis, () -> Leftovers.afterExit(env))).isEmpty();
    assertWhole();
  }

  @Test
  void whatOutlivesTheProcessIsNamed() throws Exception {
    start(Topology.REDIS_SINGLE);
    Proxy proxy = env.toxiproxy().getProxies().getFirst();
    proxy.toxics().latency(LinkFault.TOXIC_PREFIX + "left-by-hand", ToxicDirection.DOWNSTREAM, 10);
    assertThat(Leftovers.afterExit(env)).containsExactly("toxic " + LinkFault.TOXIC_PREFIX + "left-by-hand on " + proxy.getName());
    proxy.toxics().get(LinkFault.TOXIC_PREFIX + "left-by-hand").remove();
    assertThat(Leftovers.afterExit(env)).isEmpty();
  }
}
