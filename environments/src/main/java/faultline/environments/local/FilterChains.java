package faultline.environments.local;

import faultline.environments.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The iptables chains faultline's partitions make on this machine: one per environment while a
 * partition that cuts single pairs of nodes is on (the nemesis' packet filter fills it with DROP
 * rules). A chain is named {@code FAULTLINE-<pid>-<block>-<port>}, after the JVM that owns it and
 * its environment's Toxiproxy API (its address block's number and port), so a person reading {@code iptables -S} knows whose it is, and
 * it is reached from OUTPUT by a jump whose comment names the owner as {@link RunRegistry} names
 * processes (pid and start time), so that a pid reused since is never taken for the owner.
 *
 * <p>A JVM killed with SIGKILL runs no heal: {@link #sweep()} removes the chains whose owner is
 * gone, and runs wherever {@link RunRegistry#sweep()} does (every environment start, and
 * {@code faultline env down}). Left in place, their rules would silently drop the packets of a
 * later environment whose proxy happened to get the same port.
 */
public final class FilterChains {
  public static final String PREFIX = "FAULTLINE-";
  private static final String OWNER_COMMENT = "faultline-owner:";
  /**
   * Every faultline chain hangs off these built-in chains: all loopback traffic leaves through
   * OUTPUT; a container's packets to this machine (a docker run's Toxiproxy on its network's
   * gateway) arrive through INPUT, and this machine's answers leave through OUTPUT.
   */
  private static final List<String> HOOKS = List.of("OUTPUT", "INPUT");

  private final Iptables iptables;

  public FilterChains(Iptables iptables) {
    this.iptables = iptables;
  }

  /**
   * The chain of the environment whose Toxiproxy API is {@code toxiproxyApi}, owned by this JVM:
   * its block of addresses (the third octet, 127.0.B.10) and port, since two environments of one
   * JVM may both have port 8474, each on its own block. At most 27 characters, as iptables wants.
   */
  public static String nameFor(Endpoint toxiproxyApi) {
    String[] octets = toxiproxyApi.host().split("\\.");
    String block = octets.length == 4 ? octets[2] + "-" : "";
    return PREFIX + ProcessHandle.current().pid() + "-" + block + toxiproxyApi.port();
  }

  /** The rules in {@code chain} as {@code iptables -S} prints them; empty when it does not exist. */
  public Optional<List<String>> rules(String chain) {
    Iptables.Result listed = iptables.run("-S", chain);
    if (!listed.ok()) return Optional.empty();
    return Optional.of(listed.output().lines().filter(l -> l.startsWith("-A " + chain + " ")).toList());
  }

  /** Creates an empty {@code chain} and jumps to it first thing in OUTPUT and INPUT; throws if iptables refuses. */
  public void create(String chain) {
    must("-N", chain);
    String owner = RunRegistry.identity(ProcessHandle.current()).replace(' ', ':');
    for (String hook : HOOKS) must("-I", hook, "1", "-m", "comment", "--comment", OWNER_COMMENT + owner, "-j", chain);
  }

  /** Appends one rule ({@code -s ... -j DROP}, without the {@code -A chain}); throws if refused. */
  public void append(String chain, List<String> rule) {
    List<String> args = new ArrayList<>(List.of("-A", chain));
    args.addAll(rule);
    must(args.toArray(String[]::new));
  }

  /**
   * Removes {@code chain} entirely: the jumps to it, its rules, the chain. Returns how many rules
   * it held, or empty when there was no such chain.
   */
  public Optional<Integer> remove(String chain) {
    Optional<List<String>> rules = rules(chain);
    if (rules.isEmpty()) return Optional.empty();
    for (String hook : HOOKS) {
      Iptables.Result all = iptables.run("-S", hook);
      for (String jump : all.output().lines().filter(l -> l.endsWith(" -j " + chain)).toList()) {
        List<String> spec = tokens(jump);
        spec.set(0, "-D");
        iptables.run(spec);
      }
    }
    iptables.run("-F", chain);
    Iptables.Result deleted = iptables.run("-X", chain);
    // A concurrent sweep may have removed it between our calls: gone is what was asked.
    if (!deleted.ok() && rules(chain).isPresent()) {
      throw new IllegalStateException("iptables could not delete chain " + chain + ": " + deleted.firstLine());
    }
    return Optional.of(rules.get().size());
  }

  /**
   * Removes every faultline chain whose owner JVM is gone; one line per chain removed. Nothing
   * (and no error) where iptables is missing or refuses: then no chain can have been made.
   */
  public List<String> sweep() {
    List<String> removed = new ArrayList<>();
    Iptables.Result listed = iptables.run("-S");
    if (!listed.ok()) return removed;
    List<String> lines = listed.output().lines().toList();
    for (String line : lines) {
      if (!line.startsWith("-N " + PREFIX)) continue;
      String chain = line.substring(3).trim();
      Optional<String> owner = ownerOf(chain, lines);
      if (owner.isEmpty() || ownerAlive(owner.get())) continue;
      try {
        remove(chain).ifPresent(rules -> removed.add("removed iptables chain " + chain + " (" + rules
            + " rule(s)) of a faultline process that is gone (" + owner.get() + ")"));
      } catch (IllegalStateException e) {
        removed.add("could not remove iptables chain " + chain + ": " + e.getMessage());
      }
    }
    return removed;
  }

  /** "pid start" from the jump's comment, else "pid" from the chain's name; empty if neither parses. */
  private static Optional<String> ownerOf(String chain, List<String> lines) {
    for (String line : lines) {
      if (HOOKS.stream().noneMatch(hook -> line.startsWith("-A " + hook + " ")) || !line.endsWith(" -j " + chain)) continue;
      for (String token : tokens(line)) {
        if (token.startsWith(OWNER_COMMENT)) return Optional.of(token.substring(OWNER_COMMENT.length()).replace(':', ' '));
      }
    }
    String[] parts = chain.substring(PREFIX.length()).split("-");
    return parts.length > 0 && parts[0].matches("\\d+") ? Optional.of(parts[0]) : Optional.empty();
  }

  /**
   * With a start time, the owner as {@link RunRegistry} knows processes; a bare pid (a chain whose
   * jump was never added: its owner died in between) is alive if any process has that pid.
   */
  private static boolean ownerAlive(String owner) {
    if (owner.contains(" ")) return RunRegistry.isAlive(owner);
    return ProcessHandle.of(Long.parseLong(owner)).filter(ManagedProcess::isRunning).isPresent();
  }

  private void must(String... args) {
    Iptables.Result result = iptables.run(args);
    if (!result.ok()) {
      throw new IllegalStateException("iptables " + String.join(" ", args) + " failed: " + result.firstLine());
    }
  }

  /** A line of {@code iptables -S}, split into arguments (faultline's comments have no spaces). */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    for (String token : line.trim().split("\\s+")) {
      tokens.add(token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"") ? token.substring(1, token.length() - 1) : token);
    }
    return tokens;
  }
}
