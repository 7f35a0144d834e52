package faultline.cli.run;

import faultline.checker.Checker;
import faultline.environments.ExternalEndpoint;
import faultline.environments.Link;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.nemesis.Fault;
import faultline.nemesis.Faults;
import faultline.workloads.CheckOptions;
import faultline.workloads.Workload;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run against servers faultline did not start ({@code --endpoint}): the endpoints, and the
 * prefix of this run's keys. Local runs start from empty servers; external ones do not, and an
 * earlier run's counter or set would be read as this run's, so every key this run writes begins
 * with a prefix of its own ({@code x3f9a2c.c0}), recorded in test.json.
 *
 * @param keyPrefix what this run's keys begin with, random per run
 */
public record ExternalPlan(List<ExternalEndpoint> endpoints, String keyPrefix) {
  /** The workloads whose keys the prefix covers; the transactional ones use fixed keys (or accounts). */
  static final Set<String> WORKLOADS = Set.of("counter", "register", "set");
  /** Appended to every refusal of a fault: the reason, once. */
  static final String WHY = "faultline did not start the servers at --endpoint and reaches them only through its proxies of the clients' links";

  public ExternalPlan {
    endpoints = List.copyOf(endpoints);
  }

  /** Parses {@code --endpoint} values (IllegalArgumentException, a usage error, naming what is wrong). */
  public static ExternalPlan of(List<String> specs) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return new ExternalPlan(ExternalEndpoint.parseAll(specs), "x" + HexFormat.of().formatHex(random) + ".");
  }

  public Topology topology() {
    return ExternalEndpoint.topologyOf(endpoints);
  }

  public boolean hasReplicas() {
    return endpoints.stream().anyMatch(e -> e.role() == Role.REPLICA);
  }

  /** The workload refused, or none: only workloads of fresh keys can share a server with earlier runs. */
  public void requireWorkload(String workload) {
    if (!WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("--endpoint runs counter, register and set, whose keys carry the run's own prefix; "
          + workload + " uses fixed keys that an earlier run on the same server may have left");
    }
  }

  /**
   * The faults, checked against what an external environment offers, every refusal ending with
   * {@link #WHY}: one line, before anything starts.
   */
  public NemesisPlan faults(String names, double intervalSeconds) {
    NemesisPlan plan;
    try {
      plan = NemesisPlan.of(names, intervalSeconds, topology());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + WHY + ")");
    }
    for (Fault f : plan.faults()) {
      if (f.startValue() instanceof String target && target.startsWith(Link.CLIENTS + "_to_")
          && endpoints.stream().noneMatch(e -> target.equals(Link.CLIENTS + "_to_" + e.name()))) {
        throw new IllegalArgumentException("--nemesis " + f.name() + ": no endpoint " + target.substring((Link.CLIENTS + "_to_").length())
            + " (the endpoints are " + endpoints.stream().map(ExternalEndpoint::name).toList() + ")");
      }
    }
    return plan;
  }

  /**
   * test.json's "environment": the endpoints as given (no password), the key prefix, and each
   * fault --nemesis names, whether it was possible here and why not: the record of what this
   * environment could test.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "external");
    out.put("endpoints", endpoints.stream().map(ExternalEndpoint::redacted).toList());
    out.put("key-prefix", keyPrefix);
    Map<String, Object> possible = new LinkedHashMap<>();
    Map<String, Object> impossible = new LinkedHashMap<>();
    for (String name : faultNames()) {
      Fault fault = Fault.parse(name);
      fault.unsupportedIn(topology()).ifPresentOrElse(why -> impossible.put(name, why), () -> possible.put(name, true));
    }
    out.put("faults-possible", List.copyOf(possible.keySet()));
    out.put("faults-impossible", impossible);
    return out;
  }

  /** Every fault --nemesis takes, by its plain name (link faults on the clients' links), from the fault registry. */
  static List<String> faultNames() {
    return Faults.ALL.stream()
        .flatMap(kind -> kind.names().stream().map(n -> kind.options().contains(":clients") ? n + ":clients" : n))
        .toList();
  }

  /** {@code workload} with every key it makes prefixed by {@link #keyPrefix}. */
  public Workload prefixed(Workload workload) {
    return new Workload() {
      @Override
      public String name() {
        return workload.name();
      }

      @Override
      public String keyPrefix() {
        return keyPrefix + workload.keyPrefix();
      }

      @Override
      public KeyOps newKey(String key) {
        return workload.newKey(key);
      }

      @Override
      public boolean finalReads() {
        return workload.finalReads();
      }

      @Override
      public Map<String, Checker> checkers(CheckOptions options) {
        return workload.checkers(options);
      }
    };
  }
}
