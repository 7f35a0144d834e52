package faultline.nemesis;

import faultline.checker.UnknownName;
import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fault registry: every fault {@code --nemesis} takes, each declared once ({@link FaultKind}),
 * in the order help and docs list them. A new fault is its nemesis (a class answering its start
 * and stop f, added in {@link Nemeses}) and one entry here; help, docs, the nearest name to a typo
 * and {@link Fault#parse} follow from the entry.
 */
public final class Faults {
  private static final String LINK_TARGETS = "[:clients|:peers|:PROXY]";

  public static final List<FaultKind> ALL = List.of(
      FaultKind.written("partition[-isolate|-primary|-halves|-ring]")
          .names("partition", "partition-isolate", "partition-primary", "partition-halves", "partition-ring")
          .shows("exactly the pairs of nodes the shape separates cut, both ways: one node from all others (`-isolate`); the primary "
              + "in a minority (`-primary`); two random halves (`-halves`); a majorities ring, where every node sees a majority and "
              + "no two the same one (`-ring`, needs 4+ nodes: redis-sentinel, redis-cluster); `partition` alone: a random one of "
              + "these shapes. A proxy is disabled when it belongs to one pair (or all its users are cut); a pair on a shared peer "
              + "proxy is cut with iptables ([environments.md](environments.md)). The op says which `links` and which `filtered` "
              + "pairs (`n1 -> peers_to_n4`), and `\"exact\": true`")
          .parse(name -> name.equals("partition") ? partition(name, PartitionShape.RANDOM)
              : name.startsWith("partition-") ? partition(name, PartitionShape.byId(name.substring("partition-".length()))) : null)
          .build(),
      process(ProcessFault.KILL, "kill -9 of a random node (or the primary), restarted at the stop"),
      process(ProcessFault.PAUSE, "SIGSTOP, resumed (SIGCONT) at the stop"),
      FaultKind.written("failover[-kill]")
          .names("failover", "failover-kill")
          .shows("redis-sentinel: the primary cut off from sentinels and replicas (clients still reach it) until the sentinels "
              + "promote a replica; redis-cluster: a random shard's primary cut off from every other node, both ways, until its "
              + "replica claims the shard (the stop heals it and the cluster makes it a replica); pg-replicated: every replica's "
              + "link to the primary cut, then at the stop the old primary fenced (kill -9), the replica holding the most WAL "
              + "promoted (under `--sync`, with the others as its synchronous standbys), the other replica pointed at it and the "
              + "old primary rewound with `pg_rewind` into its replica, or copied afresh where `pg_rewind` is missing (a "
              + "`--postgres-version` build; what it alone had is discarded there too). The next "
              + "failover starts from the new primary, as many as the run schedules (the stop's op says `fenced`, `promoted`, "
              + "`rewound`, `replicas`). `failover-kill` (redis-sentinel, redis-cluster): the primary killed instead of isolated "
              + "(restarted at the stop)")
          .parse(name -> name.equals("failover") ? new Fault(name, FailoverNemesis.START, FailoverNemesis.ISOLATE, FailoverNemesis.STOP)
              : name.equals("failover-kill") ? new Fault(name, FailoverNemesis.START, FailoverNemesis.KILL, FailoverNemesis.STOP) : null)
          .build(),
      FaultKind.written("disk-stall[-kill][-primary]")
          .names("disk-stall", "disk-stall-kill", "disk-stall-primary", "disk-stall-kill-primary")
          .options("[:MS]")
          .shows("every fsync, fdatasync, syncfs, waiting sync_file_range and synchronous msync of a random data node's (or the "
              + "primary's) server waits 3 s (or `:MS`, 1 to 60,000: `disk-stall:500`) before it happens, as on a saturated disk; "
              + "lifted at the stop. With `-kill`, the stop first kills the node with SIGKILL while its disk still stalls, then "
              + "lifts the stall and starts it again. A stall is refused (`fail`) unless the running server has faultline's "
              + "disk-stall library mapped (below)")
          .parse(name -> name.startsWith("disk-stall") ? diskStall(name) : null)
          .build(),
      FaultKind.written("clock-skew[-primary]")
          .names("clock-skew", "clock-skew-primary")
          .options("[:±MS]")
          .shows("a random data node's (or the primary's) wall clock set 5 s ahead of true time (or `:±MS`, 1 to 3,600,000 either "
              + "way, `-` behind: `clock-skew:-30000`) for the fault window; true time again at the stop")
          .parse(name -> name.startsWith("clock-skew") ? clock(name) : null)
          .build(),
      FaultKind.written("clock-jump[-primary]")
          .names("clock-jump", "clock-jump-primary")
          .options("[:±MS]")
          .shows("a random data node's (or the primary's) wall clock stepped 60 s forward (or `:±MS`, same range: "
              + "`clock-jump:-10000` steps it back) at once, as a bad NTP step or `date -s` would; stepped back to true time at "
              + "the stop. A jump forward past a key's TTL expires it at once (Redis keeps expiry as a wall-clock deadline); a "
              + "jump back keeps it alive longer")
          .parse(name -> name.startsWith("clock-jump") ? clock(name) : null)
          .build(),
      FaultKind.written("client-pause")
          .shows("one random worker of the load frozen inside an operation, between two of its steps, until the stop, as a long "
              + "GC pause would freeze it: the read-modify-write counters `redis-get-set` and `pg-select-update` freeze between "
              + "their read and their write (PostgreSQL's transaction stays open). Other workers go on; the frozen one then "
              + "writes what it computed before the pause, over whatever others wrote meanwhile. The stop says which logical "
              + "process froze and for how long (`frozen-ms`), or `\"froze\": false` when the worker reached no pause point (a "
              + "client whose ops are one step, such as `redis-incrby`, has none). A client marks its pause points with "
              + "`PausePoint.await()` (`Client.invoke(op, pause)`)")
          .parse(name -> name.equals("client-pause")
              ? new Fault(name, ClientPauseNemesis.START, ProcessNemesis.RANDOM, ClientPauseNemesis.STOP) : null)
          .build(),
      link(LinkFault.LATENCY, "Toxiproxy: 100 ± 50 ms each way; ops slow down, replication lags"),
      link(LinkFault.TIMEOUT, "Toxiproxy: a black hole, both ways; nothing passes and nothing is closed"),
      link(LinkFault.DROP_REPLIES, "Toxiproxy: requests pass, replies are dropped (a commit may happen unacknowledged)"),
      link(LinkFault.RESET_PEER, "Toxiproxy: connections reset (TCP RST)"),
      link(LinkFault.BANDWIDTH, "Toxiproxy: replies limited to 4 KB/s"),
      link(LinkFault.SLICER, "Toxiproxy: replies cut into 8-byte slices"),
      link(LinkFault.LIMIT_DATA, "Toxiproxy: a connection closed after 2 KB of replies"),
      link(LinkFault.DOWN, "the link's proxy disabled: connections closed, new ones refused"));

  private Faults() {}

  /** The fault {@code name} names ({@code --nemesis} takes a comma-separated list of them). */
  public static Fault parse(String name) {
    for (FaultKind kind : ALL) {
      Fault fault = kind.parse(name);
      if (fault != null) return fault;
    }
    if (name.endsWith(":")) throw new IllegalArgumentException("no link after ':' in '" + name + "'");
    throw unknown(name);
  }

  /** Every exact name, in declaration order. */
  public static List<String> names() {
    return ALL.stream().flatMap(k -> k.names().stream()).toList();
  }

  /**
   * Every fault as help writes it: {@code partition[-isolate|-primary|-halves|-ring], kill[-primary], ...}, three
   * or more in a row that share their options written once ({@code latency, timeout, ..., each [:clients|:peers|:PROXY]}).
   */
  public static String usage() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ALL.size(); ) {
      FaultKind kind = ALL.get(i);
      int j = i + 1;
      while (j < ALL.size() && !kind.options().isEmpty() && ALL.get(j).options().equals(kind.options())) j++;
      if (j - i > 2) {
        parts.add(String.join(", ", ALL.subList(i, j).stream().map(FaultKind::usage).toList()) + ", each " + kind.options());
      } else {
        ALL.subList(i, j).forEach(k -> parts.add(k.usage() + k.options()));
      }
      i = j;
    }
    return String.join(", ", parts);
  }

  /**
   * The refusal of {@code name}: the nearest fault (its link target kept, as in
   * {@code latncy:clients}), else every name ({@link #known}).
   */
  private static IllegalArgumentException unknown(String name) {
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String target = colon < 0 ? "" : name.substring(colon);
    return new IllegalArgumentException(UnknownName.nearest(base, names())
        .map(n -> "unknown fault '" + name + "'; did you mean " + n + target + "?")
        .orElse("unknown fault '" + name + "'; known: " + known()));
  }

  /** Every name, those with options as patterns: {@code partition, partition-isolate, ..., disk-stall[-kill][-primary][:MS], ...}. */
  public static String known() {
    return String.join(", ", ALL.stream().flatMap(k -> k.options().isEmpty() ? k.names().stream() : Stream.of(k.usage() + k.options())).toList());
  }

  private static FaultKind process(ProcessFault p, String description) {
    return FaultKind.written(p.id() + "[-primary]").names(p.id(), p.id() + "-primary").shows(description)
        .parse(name -> name.equals(p.id()) ? new Fault(name, p.startF(), ProcessNemesis.RANDOM, p.stopF())
            : name.equals(p.id() + "-primary") ? new Fault(name, p.startF(), ProcessNemesis.PRIMARY, p.stopF()) : null)
        .build();
  }

  /** A link fault: on any link, or after a colon on the clients' links, the peers' or one proxy ({@code timeout:clients}). */
  private static FaultKind link(LinkFault link, String description) {
    return FaultKind.written(link.id()).options(LINK_TARGETS).shows(description)
        .parse(name -> {
          int colon = name.indexOf(':');
          if (!(colon < 0 ? name : name.substring(0, colon)).equals(link.id())) return null;
          String target = colon < 0 ? LinkTargets.ANY : name.substring(colon + 1);
          if (target.isEmpty()) throw new IllegalArgumentException("no link after ':' in '" + name + "'");
          return new Fault(name, LinkFaultNemesis.startF(link), target, LinkFaultNemesis.stopF(link));
        })
        .build();
  }

  private static Fault partition(String name, PartitionShape shape) {
    return new Fault(name, PartitionNemesis.START, shape.id(), PartitionNemesis.STOP);
  }

  private static final Pattern DISK_STALL = Pattern.compile("disk-stall(-kill)?(-primary)?(?::(\\d{1,9}))?");

  private static Fault diskStall(String name) {
    Matcher m = DISK_STALL.matcher(name);
    if (!m.matches()) throw unknown(name);
    long delay = m.group(3) == null ? DiskStallNemesis.DEFAULT_DELAY_MS : Long.parseLong(m.group(3));
    if (delay < 1 || delay > DiskStall.MAX.toMillis()) {
      throw new IllegalArgumentException("the delay of " + name + " must be 1 to " + DiskStall.MAX.toMillis() + " ms");
    }
    String node = m.group(2) == null ? ProcessNemesis.RANDOM : ProcessNemesis.PRIMARY;
    return new Fault(name, DiskStallNemesis.START, DiskStallNemesis.value(node, delay, m.group(1) != null), DiskStallNemesis.STOP);
  }

  private static final Pattern CLOCK = Pattern.compile("clock-(skew|jump)(-primary)?(?::([+-]?\\d{1,9}))?");

  private static Fault clock(String name) {
    Matcher m = CLOCK.matcher(name);
    if (!m.matches()) throw unknown(name);
    boolean skew = m.group(1).equals("skew");
    long offset = m.group(3) == null ? (skew ? ClockNemesis.DEFAULT_SKEW_MS : ClockNemesis.DEFAULT_JUMP_MS) : Long.parseLong(m.group(3));
    if (offset == 0 || Math.abs(offset) > ClockControl.MAX.toMillis()) {
      throw new IllegalArgumentException("the offset of " + name + " must be 1 to " + ClockControl.MAX.toMillis() + " ms, either way (-MS: behind)");
    }
    String node = m.group(2) == null ? ProcessNemesis.RANDOM : ProcessNemesis.PRIMARY;
    return skew
        ? new Fault(name, ClockNemesis.START_SKEW, ClockNemesis.value(node, offset), ClockNemesis.STOP_SKEW)
        : new Fault(name, ClockNemesis.START_JUMP, ClockNemesis.value(node, offset), ClockNemesis.STOP_JUMP);
  }
}
