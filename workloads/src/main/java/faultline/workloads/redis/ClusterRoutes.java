package faultline.workloads.redis;

import faultline.environments.Endpoint;
import faultline.workloads.ClusterSeeds;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.slots.ClusterSlotRange;
import io.lettuce.core.cluster.models.slots.ClusterSlotsParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A Redis Cluster as a client sees it: which node owns each slot (from CLUSTER SLOTS, the owner
 * reached through its client proxy) and one connection per node, reopened when it breaks.
 *
 * <p>We route ourselves rather than use Lettuce's cluster client so that a Cluster behaves as the
 * other topologies do: connections never reconnect and resend by themselves (a resent INCRBY
 * would count twice), a redirected op is a {@code fail} the history shows (MOVED: the node did
 * not execute it), and each WATCH process owns its connections. The slot map is asked again once
 * a second, and soon after an op fails (the slot may have moved: a failover), asking the nodes in
 * turn, so a failover is followed within about a second. A node cut off from the others may still
 * answer with its stale map and take writes, as it would for any real client.
 */
final class ClusterRoutes implements AutoCloseable {
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** At most this many nodes are asked per refresh: each unreachable one costs an op timeout. */
  private static final int ASKED_PER_REFRESH = 3;

  private final ClusterSeeds seeds;
  private final Function<Endpoint, StatefulRedisConnection<String, String>> connect;
  private final Map<Endpoint, PrimaryConnection> nodes = new ConcurrentHashMap<>();
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Endpoint[] owners;
  private volatile long refreshedAt;
  private volatile boolean stale = true;
  private int nextAsked;

  ClusterRoutes(ClusterSeeds seeds, Function<Endpoint, StatefulRedisConnection<String, String>> connect) {
    this.seeds = seeds;
    this.connect = connect;
  }

  /** The connection to the node that owns {@code key}'s slot now, as far as this client knows. */
  StatefulRedisConnection<String, String> forKey(String key) {
    refreshIfDue();
    Endpoint[] map = owners;
    int slot = SlotHash.getSlot(key);
    Endpoint owner = map == null ? null : map[slot];
    if (owner == null) throw new NotSent("no node serves slot " + slot + " (of key " + key + ")");
    return node(owner).get();
  }

  /** An op failed: the slot may have moved, so ask for the map again soon. */
  void opFailed() {
    stale = true;
  }

  private PrimaryConnection node(Endpoint endpoint) {
    return nodes.computeIfAbsent(endpoint, e -> new PrimaryConnection(() -> e, connect));
  }

  private void refreshIfDue() {
    long age = System.nanoTime() - refreshedAt;
    if (owners != null && age < MAX_AGE_NANOS && !(stale && age >= MIN_GAP_NANOS)) return;
    if (owners != null) {
      if (!refreshing.tryLock()) return; // another process is asking; use the map we have
    } else {
      refreshing.lock(); // the first op waits for a map
    }
    try {
      age = System.nanoTime() - refreshedAt;
      if (owners != null && age < MAX_AGE_NANOS && !(stale && age >= MIN_GAP_NANOS)) return;
      refresh();
    } finally {
      refreshing.unlock();
    }
  }

  private void refresh() {
    List<Endpoint> known = new ArrayList<>(seeds.endpoints());
    for (Endpoint e : nodes.keySet()) if (!known.contains(e)) known.add(e);
    for (int i = 0; i < Math.min(ASKED_PER_REFRESH, known.size()); i++) {
      Endpoint asked = known.get(nextAsked++ % known.size());
      try {
        owners = slotOwners(node(asked).get().sync().clusterSlots());
        break;
      } catch (RuntimeException unreachable) {
        // ask the next node; the old map stays until one answers
      }
    }
    stale = false;
    refreshedAt = System.nanoTime();
  }

  private Endpoint[] slotOwners(List<Object> reply) {
    Endpoint[] map = new Endpoint[SlotHash.SLOT_COUNT];
    for (ClusterSlotRange range : ClusterSlotsParser.parse(reply)) {
      RedisURI uri = range.getUpstream().getUri();
      Endpoint owner = seeds.route().apply(new Endpoint(uri.getHost(), uri.getPort()));
      for (int slot = range.getFrom(); slot <= range.getTo(); slot++) map[slot] = owner;
    }
    return map;
  }

  @Override
  public void close() {
    nodes.values().forEach(PrimaryConnection::close);
    nodes.clear();
  }
}
