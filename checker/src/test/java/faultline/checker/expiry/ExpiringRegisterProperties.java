package faultline.checker.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A session key on a server whose clock is true, under random concurrency: each op takes effect
 * at one moment inside it (a crashed one then, or never), a set's value living its time to live
 * from then and a refresh extending a live value. Every such history is valid; a stale read, a
 * miss right after a long-lived write, or a read long after a short-lived one expired, is caught.
 */
class ExpiringRegisterProperties {
  private static final long MS = 1_000_000;

  record Simulated(List<Op> events, boolean crashes, long end) {}

  static Simulated simulate(Random rnd, int processes, int ops) {
    List<Op> events = new ArrayList<>();
    Object[] value = {null};
    long[] expiry = {0};
    Object[][] open = new Object[processes][]; // {invocation, applied, result}
    long[] processOf = new long[processes];
    for (int i = 0; i < processes; i++) processOf[i] = i;
    long next = processes, now = 0;
    int issued = 0, written = 0;
    boolean crashes = false;
    while (issued < ops || Arrays.stream(open).anyMatch(o -> o != null)) {
      now += rnd.nextInt(30);
      int slot = rnd.nextInt(processes);
      Object[] o = open[slot];
      if (o == null) {
        if (issued >= ops) continue;
        issued++;
        int kind = rnd.nextInt(4);
        Op inv = switch (kind) {
          case 0 -> op(events, now, processOf[slot], OpType.INVOKE, "set", List.of("v" + written++, 50L + rnd.nextInt(250)));
          case 1 -> op(events, now, processOf[slot], OpType.INVOKE, "refresh", 50L + rnd.nextInt(250));
          default -> op(events, now, processOf[slot], OpType.INVOKE, "get", null);
        };
        open[slot] = new Object[] {inv, false, null};
      } else if (!(boolean) o[1] && rnd.nextBoolean()) {
        Op inv = (Op) o[0];
        boolean alive = value[0] != null && now < expiry[0];
        o[2] = switch (inv.f()) {
          case "set" -> {
            value[0] = ((List<?>) inv.value()).get(0);
            expiry[0] = now + (Long) ((List<?>) inv.value()).get(1);
            yield inv.value();
          }
          case "refresh" -> {
            if (alive) expiry[0] = now + (Long) inv.value();
            yield alive;
          }
          default -> alive ? value[0] : null;
        };
        o[1] = true;
      } else if ((boolean) o[1] || rnd.nextInt(10) == 0) {
        Op inv = (Op) o[0];
        boolean crash = !(boolean) o[1] || rnd.nextInt(10) == 0;
        crashes |= crash && !inv.f().equals("get");
        op(events, now, processOf[slot], crash ? OpType.INFO : OpType.OK, inv.f(), crash ? inv.value() : o[2]);
        if (crash) processOf[slot] = next++;
        open[slot] = null;
      }
    }
    return new Simulated(events, crashes, now);
  }

  static Op op(List<Op> events, long ms, long process, OpType type, String f, Object value) {
    Op op = new Op(events.size(), ms * MS, Process.client(process), type, f, "s0", value, null);
    events.add(op);
    return op;
  }

  @Property(tries = 300)
  boolean simulatedSessionsAreValid(@ForAll long seed) throws Exception {
    Simulated s = simulate(new Random(seed), 3, 60);
    return new ExpiringRegisterChecker(0).check(History.of("sim", s.events()), Budget.unlimited()).verdict() != Verdict.INVALID;
  }

  @Property(tries = 300)
  void anInjectedViolationIsCaught(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    Simulated s = simulate(rnd, 3, 60);
    List<Op> events = new ArrayList<>(s.events());
    long t = s.end() + 1;
    int kind = s.crashes() ? 0 : rnd.nextInt(3);
    switch (kind) {
      case 0 -> { // stale: x replaced by y before the read
        write(events, t, "x", 10_000);
        write(events, t + 2, "y", 10_000);
        read(events, t + 4, "x");
      }
      case 1 -> { // a miss while a long-lived write certainly lives
        write(events, t, "x", 10_000);
        read(events, t + 2, null);
      }
      default -> { // a read long after a short-lived write expired
        write(events, t, "x", 10);
        read(events, t + 5_000, "x");
      }
    }
    assertThat(new ExpiringRegisterChecker(0).check(History.of("sim", events), Budget.unlimited()).verdict()).isEqualTo(Verdict.INVALID);
  }

  private static void write(List<Op> events, long ms, String value, long ttl) {
    op(events, ms, 98, OpType.INVOKE, "set", List.of(value, ttl));
    op(events, ms + 1, 98, OpType.OK, "set", List.of(value, ttl));
  }

  private static void read(List<Op> events, long ms, Object returned) {
    op(events, ms, 99, OpType.INVOKE, "get", null);
    op(events, ms + 1, 99, OpType.OK, "get", returned);
  }
}
