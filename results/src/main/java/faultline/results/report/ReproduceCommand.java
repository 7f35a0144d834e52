package faultline.results.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code faultline run ...} command line that runs a test again with the same settings and
 * seed, from its test.json. Every setting is spelled out, so a later change of a scenario's or
 * of an option's default does not change what the command runs.
 *
 * <p>test.json is data from anywhere (a run folder someone sent): every value is a POSIX shell
 * word, single-quoted unless it is plain, so that a name such as {@code x; curl ... | sh #} is
 * one argument and never a command. A value with a control character (a newline) gives no
 * command at all: quoted, it would still not read as what it is.
 */
public final class ReproduceCommand {
  /** test.json field -> run option, for the settings a scenario does not fix by name. */
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("read-from", "--read-from");
    OPTIONS.put("wait-replicas", "--wait-replicas");
    OPTIONS.put("isolation", "--isolation");
    OPTIONS.put("sync", "--sync");
    OPTIONS.put("postgres-version", "--postgres-version");
    OPTIONS.put("redis-version", "--redis-version");
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

  /** Words of only these characters mean themselves to a POSIX shell. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

  private ReproduceCommand() {}

  /**
   * The command, or null when test.json is missing (a history from elsewhere), names a user's
   * client class (the Java API's runs), or holds a value with a control character.
   */
  public static String of(Map<String, Object> test) {
    if (test.get("workload") == null || test.get("seed") == null) return null;
    // A run of a user's own client (the Java API) is repeated by the user's test, not by faultline run.
    if (test.get("client-class") != null) return null;
    StringBuilder out = new StringBuilder("bin/faultline run");
    String name = String.valueOf(test.get("name"));
    String generated = test.get("topology") + "-" + test.get("workload") + "-" + test.get("client");
    // A test that is not named after its parts is a scenario: its name brings its description too.
    if (!name.equals(generated)) {
      argument(out, "--scenario", name);
    } else {
      argument(out, "--topology", test.get("topology"));
      argument(out, "--workload", test.get("workload"));
      argument(out, "--client", test.get("client"));
    }
    // Servers faultline did not start: the endpoints as recorded, the password left for the user to put in (***).
    if (test.get("environment") instanceof Map<?, ?> env && env.get("endpoints") instanceof List<?> endpoints) {
      for (Object endpoint : endpoints) argument(out, "--endpoint", endpoint);
    }
    if (test.get("nemesis") instanceof Map<?, ?> nemesis && nemesis.get("faults") instanceof List<?> faults) {
      argument(out, "--nemesis", faults.isEmpty() ? "none" : String.join(",", faults.stream().map(String::valueOf).toList()));
      if (!faults.isEmpty() && nemesis.get("interval-s") != null) argument(out, "--nemesis-interval", number(nemesis.get("interval-s")));
    }
    OPTIONS.forEach((field, option) -> {
      Object v = test.get(field);
      if (v != null) argument(out, option, number(v));
    });
    String command = out.toString();
    return CONTROL.matcher(command).find() ? null : command;
  }

  private static void argument(StringBuilder out, String option, Object value) {
    out.append(' ').append(option).append(' ').append(shellWord(String.valueOf(value)));
  }

  /** {@code word} as one POSIX shell word: as it is when plain, otherwise in single quotes. */
  static String shellWord(String word) {
    if (PLAIN.matcher(word).matches()) return word;
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** 10.0 as 10, so the command reads as a person would type it. */
  private static String number(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    return String.valueOf(v);
  }
}
