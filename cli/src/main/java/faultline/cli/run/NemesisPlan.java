package faultline.cli.run;

import faultline.cli.ExitCode;
import faultline.cli.UserError;
import faultline.environments.EnvironmentKind;
import faultline.environments.Topology;
import faultline.environments.local.Iptables;
import faultline.nemesis.Fault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults of a run ({@code --nemesis}, {@code --nemesis-interval}), resolved and checked
 * against the topology before anything starts.
 *
 * @param names the faults as given, comma-separated, or "none"
 * @param interval quiet time before each fault, and each fault's duration
 */
public record NemesisPlan(String names, List<Fault> faults, Duration interval) {
  public static final NemesisPlan NONE = new NemesisPlan("none", List.of(), Duration.ofSeconds(5));

  /**
   * Parses and checks; throws IllegalArgumentException (a usage error) naming what is wrong, or
   * a {@link UserError} ({@link ExitCode#UNAVAILABLE}) when the faults need iptables and it is missing.
   */
  public static NemesisPlan of(String names, double intervalSeconds, Topology topology) {
    return of(names, intervalSeconds, topology, EnvironmentKind.defaultFor(topology));
  }

  /** {@link #of(String, double, Topology)} on an environment of {@code kind}: what it cannot offer is refused. */
  public static NemesisPlan of(String names, double intervalSeconds, Topology topology, EnvironmentKind kind) {
    return of(names, intervalSeconds, topology, kind, Iptables.system());
  }

  static NemesisPlan of(String names, double intervalSeconds, Topology topology, Iptables iptables) {
    return of(names, intervalSeconds, topology, EnvironmentKind.defaultFor(topology), iptables);
  }

  static NemesisPlan of(String names, double intervalSeconds, Topology topology, EnvironmentKind kind, Iptables iptables) {
    if (!(intervalSeconds > 0)) throw new IllegalArgumentException("--nemesis-interval must be positive");
    List<Fault> faults = Fault.parseAll(names);
    for (Fault fault : faults) {
      fault.unsupportedIn(topology, kind).ifPresent(why -> {
        throw new IllegalArgumentException("--nemesis " + why);
      });
    }
    // Found out now rather than as a failed fault in the middle of a run.
    // This machine's iptables (a docker run's pairs pass it too): an ssh run's filter is on its hosts, asked when a cut needs it.
    if ((kind == EnvironmentKind.LOCAL || kind == EnvironmentKind.DOCKER) && faults.stream().anyMatch(f -> f.needsPacketFilter(topology, kind))) {
      iptables.unavailable().ifPresent(why -> {
        throw new UserError(ExitCode.UNAVAILABLE, "--nemesis " + names + " on " + topology
            + " cuts single pairs of nodes with iptables, but " + why);
      });
    }
    return new NemesisPlan(faults.isEmpty() ? "none" : names, faults, Duration.ofMillis((long) (intervalSeconds * 1000)));
  }

  public boolean isNone() {
    return faults.isEmpty();
  }

  /** test.json's "nemesis" entry. */
  public Object toJson() {
    if (isNone()) return "none";
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("faults", faults.stream().map(Fault::name).toList());
    out.put("interval-s", interval.toMillis() / 1000.0);
    return out;
  }
}
