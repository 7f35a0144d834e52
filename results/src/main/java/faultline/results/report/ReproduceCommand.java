package faultline.results.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code faultline run ...} command line that runs a test again with the same settings and
 * seed, from its test.json. Every setting is spelled out, so a later change of a scenario's or
 * of an option's default does not change what the command runs.
 */
public final class ReproduceCommand {
  /** test.json field -> run option, for the settings a scenario does not fix by name. */
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("read-from", "--read-from");
    OPTIONS.put("wait-replicas", "--wait-replicas");
    OPTIONS.put("isolation", "--isolation");
    OPTIONS.put("sync", "--sync");
    OPTIONS.put("appendfsync", "--appendfsync");
    OPTIONS.put("replication-latency-ms", "--replication-latency");
    OPTIONS.put("time-limit-s", "--time-limit");
    OPTIONS.put("concurrency", "--concurrency");
    OPTIONS.put("rate", "--rate");
    OPTIONS.put("keys", "--keys");
    OPTIONS.put("ops-per-key", "--ops-per-key");
    OPTIONS.put("op-timeout-ms", "--op-timeout");
    OPTIONS.put("connect-timeout-ms", "--connect-timeout");
    OPTIONS.put("recovery-wait-s", "--recovery-wait");
    OPTIONS.put("model", "--model");
    OPTIONS.put("check-time-limit-s", "--check-time-limit");
    OPTIONS.put("seed", "--seed");
  }

  private ReproduceCommand() {}

  /** The command, or null when test.json is missing (a history from elsewhere). */
  public static String of(Map<String, Object> test) {
    if (test.get("workload") == null || test.get("seed") == null) return null;
    StringBuilder out = new StringBuilder("bin/faultline run");
    String name = String.valueOf(test.get("name"));
    String generated = test.get("topology") + "-" + test.get("workload") + "-" + test.get("client");
    // A test that is not named after its parts is a scenario: its name brings its description too.
    if (!name.equals(generated)) {
      out.append(" --scenario ").append(name);
    } else {
      out.append(" --topology ").append(test.get("topology"))
          .append(" --workload ").append(test.get("workload"))
          .append(" --client ").append(test.get("client"));
    }
    if (test.get("nemesis") instanceof Map<?, ?> nemesis && nemesis.get("faults") instanceof List<?> faults) {
      out.append(" --nemesis ").append(faults.isEmpty() ? "none" : String.join(",", faults.stream().map(String::valueOf).toList()));
      if (!faults.isEmpty() && nemesis.get("interval-s") != null) out.append(" --nemesis-interval ").append(number(nemesis.get("interval-s")));
    }
    OPTIONS.forEach((field, option) -> {
      Object v = test.get(field);
      if (v != null) out.append(' ').append(option).append(' ').append(number(v));
    });
    return out.toString();
  }

  /** 10.0 as 10, so the command reads as a person would type it. */
  private static String number(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    return String.valueOf(v);
  }
}
