package faultline.cli.run;

import static faultline.workloads.ClientOptions.Isolation.READ_COMMITTED;
import static faultline.workloads.ClientOptions.Isolation.REPEATABLE_READ;
import static faultline.workloads.ClientOptions.Isolation.SERIALIZABLE;
import static faultline.workloads.ClientOptions.ReadFrom.PRIMARY;
import static faultline.workloads.ClientOptions.ReadFrom.REPLICA;

import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.workloads.ClientOptions;
import java.util.List;
import java.util.Optional;

/**
 * The scenario catalogue. Each one shows one behaviour against real servers within a short run;
 * counters of read-modify-write clients use few keys so that increments collide.
 */
public final class Scenarios {
  /** What {@code faultline run} without arguments runs. */
  public static final String DEFAULT = "redis-register-cas";

  /** A lock scenario's ops per key: more than any run makes, so its locks stay the same all along. */
  private static final int LOCK_OPS = 1_000_000;

  public static final List<Scenario> ALL = List.of(
      new Scenario("redis-counter-incr", "INCRBY is atomic: every read lies within the acknowledged and attempted increments",
          "valid", Topology.REDIS_SINGLE, "counter", "redis-incrby", PRIMARY, READ_COMMITTED, 4, 1000, 2000, 0),
      new Scenario("redis-counter-rmw", "GET then SET from concurrent clients loses increments: reads fall below what was acknowledged",
          "lost updates", Topology.REDIS_SINGLE, "counter", "redis-get-set", PRIMARY, READ_COMMITTED, 2, 1000, 2000, 0),
      new Scenario("pg-counter-update", "UPDATE v = v + d is atomic in PostgreSQL even under read committed",
          "valid", Topology.PG_SINGLE, "counter", "pg-update", PRIMARY, READ_COMMITTED, 4, 1000, 1000, 0),
      new Scenario("pg-counter-rmw-read-committed", "SELECT then UPDATE under read committed loses increments (two transactions read the same value)",
          "lost updates", Topology.PG_SINGLE, "counter", "pg-select-update", PRIMARY, READ_COMMITTED, 2, 1000, 1000, 0),
      new Scenario("pg-counter-rmw-repeatable-read", "SELECT then UPDATE under repeatable read: the second writer fails with 40001 instead of losing an update",
          "valid, with fail ops", Topology.PG_SINGLE, "counter", "pg-select-update", PRIMARY, REPEATABLE_READ, 2, 1000, 1000, 0),
      new Scenario("redis-register-cas", "GET, SET and a Lua compare-and-set on one Redis node are linearizable",
          "valid", Topology.REDIS_SINGLE, "register", "redis-lua-cas", PRIMARY, READ_COMMITTED, 10, 100, 1000, 0),
      new Scenario("pg-register-cas-serializable", "SELECT, upsert and UPDATE ... WHERE v = expected under serializable are linearizable",
          "valid", Topology.PG_SINGLE, "register", "pg-update-where", PRIMARY, SERIALIZABLE, 10, 100, 1000, 0),
      new Scenario("redis-register-replica-read", "reads from asynchronous replicas, whose links are slowed by 100 ms, return stale values",
          "not linearizable (stale read)", Topology.REDIS_REPLICATED, "register", "redis-lua-cas", REPLICA, READ_COMMITTED, 4, 100, 500, 100),
      // Known results under faults.
      new Scenario("redis-counter-incr-faults", "INCRBY under client-link latency, connection resets and kill -9/restart: timeouts are info, never a false anomaly",
          "valid, with info ops", Topology.REDIS_SINGLE, "counter", "redis-incrby", PRIMARY, READ_COMMITTED, 4, 1000, 1000, 0,
          "latency:clients,reset-peer:clients,kill", 2),
      // What appendfsync everysec acknowledges before it is written. While a background
      // fsync is pending, Redis 7.0 holds the AOF write back for up to 2 s and still replies; the
      // stall (3 s per fsync) keeps one pending, and the stop kills the node before the write.
      new Scenario("redis-counter-incr-disk-stall-kill", "INCRBY with appendfsync everysec while the disk stalls (every fsync 3 s "
          + "late), then kill -9: Redis held the AOF write back behind the pending fsync but acknowledged the increments, "
          + "so reads after the restart fall below what was acknowledged",
          "lost increments", Topology.REDIS_SINGLE, "counter", "redis-incrby", PRIMARY, READ_COMMITTED, 4, 1000, 1000, 0,
          "disk-stall-kill", 4, Replication.ASYNC, "everysec"),
      new Scenario("redis-counter-incr-disk-stall-kill-always", "the same with appendfsync always: each INCRBY waits for its "
          + "stalled fsync and times out (info), and nothing acknowledged is lost",
          "valid, with info ops", Topology.REDIS_SINGLE, "counter", "redis-incrby", PRIMARY, READ_COMMITTED, 4, 1000, 1000, 0,
          "disk-stall-kill", 4, Replication.ASYNC, "always"),
      // Only the reply direction is black-holed: with a two-way black hole (timeout) chosen by the
      // seeded schedule instead, no commit reaches the server and no add can be recovered, so the
      // scenario could not always show what it is for.
      new Scenario("pg-set-client-partition", "INSERTs whose client link is black-holed mid-commit (replies lost) end info; some turn up in the final read, and no anomaly is reported",
          "valid, with recovered adds", Topology.PG_SINGLE, "set", "pg-insert", PRIMARY, READ_COMMITTED, 4, 1000, 500, 0,
          "drop-replies:clients", 2),
      // Failovers: clients follow the new primary; what the old one acknowledged alone is lost.
      new Scenario("redis-sentinel-set-partition", "the primary is cut off from sentinels and replicas while clients keep writing to it; "
          + "Sentinel fails over and the old primary rejoins as a replica: the adds it acknowledged meanwhile are lost (Jepsen, 2013)",
          "lost adds", Topology.REDIS_SENTINEL, "set", "redis-sadd", PRIMARY, READ_COMMITTED, 4, 1000, 500, 0,
          "failover", 5),
      new Scenario("redis-cluster-set-failover", "one shard's primary is cut off from the other nodes while clients keep writing to it; "
          + "its replica takes the shard over and the old primary rejoins as a replica: the adds it acknowledged alone are lost "
          + "(Redis Cluster's documented window, up to the node timeout)",
          "lost adds", Topology.REDIS_CLUSTER, "set", "redis-sadd", PRIMARY, READ_COMMITTED, 6, 1000, 600, 0,
          "failover", 5),
      new Scenario("pg-failover-async-lost-writes", "asynchronous replication is cut while the primary commits, then a replica is "
          + "promoted and clients follow it: the commits it never received are lost",
          "lost adds", Topology.PG_REPLICATED, "set", "pg-insert", PRIMARY, READ_COMMITTED, 4, 1000, 300, 0,
          "failover", 5, Replication.ASYNC),
      new Scenario("pg-failover-sync-no-loss", "the same failover with synchronous_commit = remote_apply: commits during the cut "
          + "block and end info, so nothing acknowledged is lost",
          "valid, with info ops", Topology.PG_REPLICATED, "set", "pg-insert", PRIMARY, READ_COMMITTED, 4, 1000, 300, 0,
          "failover", 5, Replication.SYNC_REMOTE_APPLY),
      // Transactions (list-append, checked as Elle does), each isolation level's guarantees.
      new Scenario("pg-append-serializable", "list-append transactions (SELECT and concatenating upserts) under serializable: "
          + "the failed ones (40001) aside, no dependency cycle; valid up to strict-serializable",
          "valid", Topology.PG_SINGLE, "list-append", "pg-append", PRIMARY, SERIALIZABLE, 10, 32, 0, 0),
      new Scenario("pg-append-serializable-faults", "the same under kill -9, SIGSTOP and client-link latency and resets: transactions "
          + "whose COMMIT got no answer end info, and are judged as possibly committed; still no anomaly",
          "valid, with info transactions", Topology.PG_SINGLE, "list-append", "pg-append", PRIMARY, SERIALIZABLE, 10, 32, 0, 0,
          "kill,pause,latency:clients,reset-peer:clients", 3),
      new Scenario("pg-append-repeatable-read", "repeatable read is snapshot isolation: write skew (G2-item) is found, "
          + "serializable is ruled out, snapshot-isolation holds (Jepsen, PostgreSQL 12.3)",
          "G2-item", Topology.PG_SINGLE, "list-append", "pg-append", PRIMARY, REPEATABLE_READ, 10, 32, 0, 0),
      new Scenario("pg-append-read-committed", "read committed reads each statement's own snapshot: read skew (G-single) is found, "
          + "snapshot-isolation is ruled out, read-committed holds",
          "G-single", Topology.PG_SINGLE, "list-append", "pg-append", PRIMARY, READ_COMMITTED, 10, 32, 0, 0),
      new Scenario("redis-append-multi", "MULTI/EXEC of RPUSH and LRANGE on one Redis node runs each transaction alone: "
          + "valid up to strict-serializable",
          "valid", Topology.REDIS_SINGLE, "list-append", "redis-multi-append", PRIMARY, READ_COMMITTED, 10, 32, 0, 0),
      // 300 transactions/s: unthrottled, the cycle search over this many real-time and process edges runs past its budget (unknown).
      new Scenario("redis-append-replica-read", "read-only MULTI/EXEC transactions on asynchronous replicas, whose links are slowed by "
          + "100 ms, miss appends that completed before they began (a process's own, even): strict-serializable and the session "
          + "models are ruled out by process and real-time edges, serializable holds",
          "G-single-process", Topology.REDIS_REPLICATED, "list-append", "redis-multi-append", REPLICA, READ_COMMITTED, 10, 32, 300, 100),
      // Failovers under list-append: the final reads (on the primary, after the heal) lack appends
      // that the cut-off primary acknowledged; the lost-append check lists them.
      new Scenario("redis-sentinel-append-failover", "MULTI/EXEC appends while the primary is cut off from sentinels and "
          + "replicas: Sentinel promotes a replica and the old primary rejoins as its replica, so the appends it acknowledged "
          + "alone are missing from the final reads; the lost elements are listed",
          "lost appends", Topology.REDIS_SENTINEL, "list-append", "redis-multi-append", PRIMARY, READ_COMMITTED, 10, 32, 300, 0,
          "failover", 5),
      new Scenario("redis-cluster-append-failover", "the same on a cluster: the shard holding the transactions' hash tag "
          + "loses its primary to a cut, its replica takes over, and the appends the old primary acknowledged alone are lost",
          "lost appends", Topology.REDIS_CLUSTER, "list-append", "redis-multi-append", PRIMARY, READ_COMMITTED, 10, 32, 300, 0,
          "failover", 5),
      new Scenario("pg-append-failover-async", "list-append under serializable on asynchronous replicas: replication is cut "
          + "while the primary commits, a replica is promoted and clients follow it; committed appends it never received are "
          + "missing from the final reads",
          "lost appends", Topology.PG_REPLICATED, "list-append", "pg-append", PRIMARY, SERIALIZABLE, 10, 32, 200, 0,
          "failover", 5, Replication.ASYNC),
      // An open question answered by measurement (findings/pg-hot-standby-long-forks.md): Jepsen found long forks on
      // a managed PostgreSQL with readable replicas; community PostgreSQL 15 shows them too, a
      // handful in ten minutes, too rare for a short test.
      new Scenario("pg-append-replica-reads", "list-append under repeatable read on pg-replicated, read-only transactions "
          + "spread over the primary and two asynchronous hot standbys (--read-from any), healthy, no faults: standbys make "
          + "commits visible in WAL order, the primary in another, so two readers see two appends in opposite orders "
          + "(long fork); snapshot-isolation is ruled out",
          "G-nonadjacent (rare: a few in 10 minutes)", Topology.PG_REPLICATED, "list-append", "pg-append", ClientOptions.ReadFrom.ANY, REPEATABLE_READ,
          10, 32, 0, 0, "none", 5, Replication.ASYNC),
      new Scenario("pg-rw-register-serializable", "rw-register transactions (SELECTs and upserts of single values) under serializable: "
          + "valid up to strict-serializable",
          "valid", Topology.PG_SINGLE, "rw-register", "pg-txn-register", PRIMARY, SERIALIZABLE, 10, 32, 0, 0),
      new Scenario("pg-rw-register-repeatable-read", "the same registers under repeatable read: write skew (G2-item, or in short runs "
          + "only G2-item-realtime, since registers' version orders are known only in part), snapshot-isolation holds",
          "G2-item", Topology.PG_SINGLE, "rw-register", "pg-txn-register", PRIMARY, REPEATABLE_READ, 10, 32, 0, 0),
      // bank: 8 accounts of 10; reads must show 80 and no negative balance.
      new Scenario("pg-bank-read-committed", "transfers that read both balances and write both new ones, under read committed: "
          + "two transfers read the same balance and one write is lost, so reads show a wrong total",
          "wrong-total", Topology.PG_SINGLE, "bank", "pg-bank", PRIMARY, READ_COMMITTED, 8, 1, 0, 0),
      new Scenario("pg-bank-repeatable-read", "transfers that insert ledger rows after checking the source's balance, under "
          + "repeatable read: two transfers out of one account write different rows, both commit (write skew), and it goes below zero",
          "negative-value", Topology.PG_SINGLE, "bank", "pg-bank-ledger", PRIMARY, REPEATABLE_READ, 8, 1, 0, 0),
      new Scenario("pg-bank-serializable", "the same ledger transfers under serializable: one of two such transfers fails with 40001, "
          + "no balance goes below zero and every read shows the total",
          "valid", Topology.PG_SINGLE, "bank", "pg-bank-ledger", PRIMARY, SERIALIZABLE, 8, 1, 0, 0),
      // Locks (README, "Locks: what it promises, what we found"): a lock per key, kept for the whole
      // run (ops per key past any run's count), its holders incrementing a counter beside it.
      new Scenario("redis-lock-client-pause", "SET NX PX with a 1 s lease: a holder stalled 3 s between reading the protected "
          + "counter and writing it back outlives its lease, a second client acquires, and the stale write loses increments; "
          + "the witness names both holders and their leases",
          "two holders, lost updates", Topology.REDIS_SINGLE, "lock", "redis-set-nx", PRIMARY, READ_COMMITTED, 2, LOCK_OPS, 200, 0,
          "client-pause", 3),
      new Scenario("redis-lock-fenced-client-pause", "the same with fencing tokens from INCR: two clients still believe they "
          + "hold the lock, but the counter refuses the stale holder's write, and nothing is lost",
          "valid, with stale writes refused", Topology.REDIS_SINGLE, "fenced-lock", "redis-set-nx-fenced", PRIMARY, READ_COMMITTED, 2,
          LOCK_OPS, 200, 0, "client-pause", 3),
      new Scenario("redis-lock-sentinel-failover", "the primary is cut off from sentinels and replicas while clients keep locking "
          + "on it; Sentinel promotes a replica that never saw those locks, and the clients that follow it acquire locks "
          + "still held on the old primary; the counter's acknowledged increments there are lost too",
          "two holders, lost updates", Topology.REDIS_SENTINEL, "lock", "redis-set-nx", PRIMARY, READ_COMMITTED, 1, LOCK_OPS, 200, 0,
          "failover", 5),
      new Scenario("redis-lock-clock-jump", "the server's wall clock jumps 60 s forward: every lease expires at once (Valkey issue "
          + "2651's shape, on Redis), a second client acquires a lock its holder is still using, and increments are lost",
          "two holders, lost updates", Topology.REDIS_SINGLE, "lock", "redis-set-nx", PRIMARY, READ_COMMITTED, 2, LOCK_OPS, 200, 0,
          "clock-jump", 2),
      // Measured (README): Redisson's watchdog renews the lease from its own threads, so a stalled holder keeps it.
      new Scenario("redisson-lock-client-pause", "Redisson's RLock with its watchdog: a holder stalled 3 s keeps its lock, "
          + "renewed every third of the 1 s watchdog timeout by Redisson's own threads; the others are refused meanwhile",
          "valid", Topology.REDIS_SINGLE, "lock", "redisson-lock", PRIMARY, READ_COMMITTED, 2, LOCK_OPS, 200, 0, "client-pause", 3),
      new Scenario("redisson-lock-failover", "Redisson's RLock on Sentinel while the primary is cut off and a replica promoted: "
          + "each client learns of the new primary on its own, so for a while some lock on the old primary and some on the "
          + "new one: two holders, and the counter loses increments",
          "two holders, lost updates", Topology.REDIS_SENTINEL, "lock", "redisson-lock", PRIMARY, READ_COMMITTED, 1, LOCK_OPS, 200, 0,
          "failover", 5),
      new Scenario("pg-advisory-lock", "session-level pg_try_advisory_lock under client-link latency, resets and client stalls: "
          + "a lost connection ends the session and the server releases its lock (a release, not a second holder), and "
          + "the holder's writes went through that session: exclusion holds",
          "valid, with sessions lost", Topology.PG_SINGLE, "lock", "pg-advisory", PRIMARY, READ_COMMITTED, 2, LOCK_OPS, 200, 0,
          "latency:clients,reset-peer:clients,client-pause", 2),
      new Scenario("pg-row-lock", "SELECT ... FOR UPDATE NOWAIT of a lock row, the holder's increment in the same transaction, "
          + "released by its COMMIT, under the same faults: a lost connection rolls the transaction back; exclusion holds",
          "valid, with sessions lost", Topology.PG_SINGLE, "lock", "pg-row-lock", PRIMARY, READ_COMMITTED, 2, LOCK_OPS, 200, 0,
          "latency:clients,reset-peer:clients,client-pause", 2));

  private Scenarios() {}

  public static Optional<Scenario> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
