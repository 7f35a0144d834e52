package faultline.cli.run;

import static faultline.workloads.ClientOptions.Isolation.REPEATABLE_READ;
import static faultline.workloads.ClientOptions.Isolation.SERIALIZABLE;
import static faultline.workloads.ClientOptions.ReadFrom.ANY;
import static faultline.workloads.ClientOptions.ReadFrom.REPLICA;

import faultline.environments.Replication;
import faultline.environments.Topology;
import java.util.List;
import java.util.Optional;

/**
 * The scenario catalogue. Each one shows one behaviour against real servers within a short run;
 * counters of read-modify-write clients use few keys so that increments collide. Each is built by
 * name ({@link Scenario#named}); what is not said takes the defaults {@link Scenario} lists.
 */
public final class Scenarios {
  /** What {@code faultline run} without arguments runs. */
  public static final String DEFAULT = "redis-register-cas";

  /** A lock scenario's ops per key: more than any run makes, so its locks stay the same all along. */
  private static final int LOCK_OPS = 1_000_000;

  public static final List<Scenario> ALL = List.of(
      Scenario.named("redis-counter-incr")
          .shows("INCRBY is atomic: every read lies within the acknowledged and attempted increments")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redis-incrby")
          .keys(4).opsPerKey(1000).rate(2000)
          .build(),
      Scenario.named("redis-counter-rmw")
          .shows("GET then SET from concurrent clients loses increments: reads fall below what was acknowledged")
          .expect("lost updates")
          .on(Topology.REDIS_SINGLE).client("redis-get-set")
          .keys(2).opsPerKey(1000).rate(2000)
          .build(),
      Scenario.named("pg-counter-update")
          .shows("UPDATE v = v + d is atomic in PostgreSQL even under read committed")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-update")
          .keys(4).opsPerKey(1000)
          .build(),
      Scenario.named("pg-counter-rmw-read-committed")
          .shows("SELECT then UPDATE under read committed loses increments (two transactions read the same value)")
          .expect("lost updates")
          .on(Topology.PG_SINGLE).client("pg-select-update")
          .keys(2).opsPerKey(1000)
          .build(),
      Scenario.named("pg-counter-rmw-repeatable-read")
          .shows("SELECT then UPDATE under repeatable read: the second writer fails with 40001 instead of losing an update")
          .expect("valid, with fail ops")
          .on(Topology.PG_SINGLE).client("pg-select-update")
          .isolation(REPEATABLE_READ).keys(2).opsPerKey(1000)
          .build(),
      Scenario.named("redis-register-cas")
          .shows("GET, SET and a Lua compare-and-set on one Redis node are linearizable")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redis-lua-cas")
          .build(),
      Scenario.named("pg-register-cas-serializable")
          .shows("SELECT, upsert and UPDATE ... WHERE v = expected under serializable are linearizable")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-update-where")
          .isolation(SERIALIZABLE)
          .build(),
      Scenario.named("redis-register-replica-read")
          .shows("reads from asynchronous replicas, whose links are slowed by 100 ms, return stale values")
          .expect("not linearizable (stale read)")
          .on(Topology.REDIS_REPLICATED).client("redis-lua-cas")
          .readFrom(REPLICA).keys(4).rate(500).replicationLatencyMillis(100)
          .build(),
      // Known results under faults.
      Scenario.named("redis-counter-incr-faults")
          .shows("INCRBY under client-link latency, connection resets and kill -9/restart: timeouts are info, never a false anomaly")
          .expect("valid, with info ops")
          .on(Topology.REDIS_SINGLE).client("redis-incrby")
          .keys(4).opsPerKey(1000).faults("latency:clients,reset-peer:clients,kill", 2)
          .build(),
      // What appendfsync everysec acknowledges before it is written. While a background
      // fsync is pending, Redis 7.0 holds the AOF write back for up to 2 s and still replies; the
      // stall (3 s per fsync) keeps one pending, and the stop kills the node before the write.
      Scenario.named("redis-counter-incr-disk-stall-kill")
          .shows("INCRBY with appendfsync everysec while the disk stalls (every fsync 3 s "
              + "late), then kill -9: Redis held the AOF write back behind the pending fsync but acknowledged the increments, "
              + "so reads after the restart fall below what was acknowledged")
          .expect("lost increments")
          .on(Topology.REDIS_SINGLE).client("redis-incrby")
          .keys(4).opsPerKey(1000).faults("disk-stall-kill", 4)
          .build(),
      Scenario.named("redis-counter-incr-disk-stall-kill-always")
          .shows("the same with appendfsync always: each INCRBY waits for its "
              + "stalled fsync and times out (info), and nothing acknowledged is lost")
          .expect("valid, with info ops")
          .on(Topology.REDIS_SINGLE).client("redis-incrby")
          .keys(4).opsPerKey(1000).faults("disk-stall-kill", 4).appendfsync("always")
          .build(),
      // Only the reply direction is black-holed: with a two-way black hole (timeout) chosen by the
      // seeded schedule instead, no commit reaches the server and no add can be recovered, so the
      // scenario could not always show what it is for.
      Scenario.named("pg-set-client-partition")
          .shows("INSERTs whose client link is black-holed mid-commit (replies lost) end info; some turn up in the final read, and no anomaly is reported")
          .expect("valid, with recovered adds")
          .on(Topology.PG_SINGLE).client("pg-insert")
          .keys(4).opsPerKey(1000).rate(500).faults("drop-replies:clients", 2)
          .build(),
      // Failovers: clients follow the new primary; what the old one acknowledged alone is lost.
      Scenario.named("redis-sentinel-set-partition")
          .shows("the primary is cut off from sentinels and replicas while clients keep writing to it; "
              + "Sentinel fails over and the old primary rejoins as a replica: the adds it acknowledged meanwhile are lost (Jepsen, 2013)")
          .expect("lost adds")
          .on(Topology.REDIS_SENTINEL).client("redis-sadd")
          .keys(4).opsPerKey(1000).rate(500).faults("failover", 5)
          .build(),
      Scenario.named("redis-cluster-set-failover")
          .shows("one shard's primary is cut off from the other nodes while clients keep writing to it; "
              + "its replica takes the shard over and the old primary rejoins as a replica: the adds it acknowledged alone are lost "
              + "(Redis Cluster's documented window, up to the node timeout)")
          .expect("lost adds")
          .on(Topology.REDIS_CLUSTER).client("redis-sadd")
          .keys(6).opsPerKey(1000).rate(600).faults("failover", 5)
          .build(),
      Scenario.named("pg-failover-async-lost-writes")
          .shows("asynchronous replication is cut while the primary commits, then a replica is "
              + "promoted and clients follow it: the commits it never received are lost")
          .expect("lost adds")
          .on(Topology.PG_REPLICATED).client("pg-insert")
          .keys(4).opsPerKey(1000).rate(300).faults("failover", 5)
          .build(),
      Scenario.named("pg-failover-sync-no-loss")
          .shows("the same failover with synchronous_commit = remote_apply: commits during the cut "
              + "block and end info, so nothing acknowledged is lost")
          .expect("valid, with info ops")
          .on(Topology.PG_REPLICATED).client("pg-insert")
          .keys(4).opsPerKey(1000).rate(300).faults("failover", 5).replication(Replication.SYNC_REMOTE_APPLY)
          .build(),
      // Transactions (list-append, checked as Elle does), each isolation level's guarantees.
      Scenario.named("pg-append-serializable")
          .shows("list-append transactions (SELECT and concatenating upserts) under serializable: "
              + "the failed ones (40001) aside, no dependency cycle; valid up to strict-serializable")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-append")
          .isolation(SERIALIZABLE).opsPerKey(32).rate(0)
          .build(),
      Scenario.named("pg-append-serializable-faults")
          .shows("the same under kill -9, SIGSTOP and client-link latency and resets: transactions "
              + "whose COMMIT got no answer end info, and are judged as possibly committed; still no anomaly")
          .expect("valid, with info transactions")
          .on(Topology.PG_SINGLE).client("pg-append")
          .isolation(SERIALIZABLE).opsPerKey(32).rate(0).faults("kill,pause,latency:clients,reset-peer:clients", 3)
          .build(),
      Scenario.named("pg-append-repeatable-read")
          .shows("repeatable read is snapshot isolation: write skew (G2-item) is found, "
              + "serializable is ruled out, snapshot-isolation holds (Jepsen, PostgreSQL 12.3)")
          .expect("G2-item")
          .on(Topology.PG_SINGLE).client("pg-append")
          .isolation(REPEATABLE_READ).opsPerKey(32).rate(0)
          .build(),
      Scenario.named("pg-append-read-committed")
          .shows("read committed reads each statement's own snapshot: read skew (G-single) is found, "
              + "snapshot-isolation is ruled out, read-committed holds")
          .expect("G-single")
          .on(Topology.PG_SINGLE).client("pg-append")
          .opsPerKey(32).rate(0)
          .build(),
      Scenario.named("redis-append-multi")
          .shows("MULTI/EXEC of RPUSH and LRANGE on one Redis node runs each transaction alone: "
              + "valid up to strict-serializable")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redis-multi-append")
          .opsPerKey(32).rate(0)
          .build(),
      // 300 transactions/s: unthrottled, the cycle search over this many real-time and process edges runs past its budget (unknown).
      Scenario.named("redis-append-replica-read")
          .shows("read-only MULTI/EXEC transactions on asynchronous replicas, whose links are slowed by "
              + "100 ms, miss appends that completed before they began (a process's own, even): strict-serializable and the session "
              + "models are ruled out by process and real-time edges, serializable holds")
          .expect("G-single-process")
          .on(Topology.REDIS_REPLICATED).client("redis-multi-append")
          .readFrom(REPLICA).opsPerKey(32).rate(300).replicationLatencyMillis(100)
          .build(),
      // Failovers under list-append: the final reads (on the primary, after the heal) lack appends
      // that the cut-off primary acknowledged; the lost-append check lists them.
      Scenario.named("redis-sentinel-append-failover")
          .shows("MULTI/EXEC appends while the primary is cut off from sentinels and "
              + "replicas: Sentinel promotes a replica and the old primary rejoins as its replica, so the appends it acknowledged "
              + "alone are missing from the final reads; the lost elements are listed")
          .expect("lost appends")
          .on(Topology.REDIS_SENTINEL).client("redis-multi-append")
          .opsPerKey(32).rate(300).faults("failover", 5)
          .build(),
      Scenario.named("redis-cluster-append-failover")
          .shows("the same on a cluster: the shard holding the transactions' hash tag "
              + "loses its primary to a cut, its replica takes over, and the appends the old primary acknowledged alone are lost")
          .expect("lost appends")
          .on(Topology.REDIS_CLUSTER).client("redis-multi-append")
          .opsPerKey(32).rate(300).faults("failover", 5)
          .build(),
      Scenario.named("pg-append-failover-async")
          .shows("list-append under serializable on asynchronous replicas: replication is cut "
              + "while the primary commits, a replica is promoted and clients follow it; committed appends it never received are "
              + "missing from the final reads")
          .expect("lost appends")
          .on(Topology.PG_REPLICATED).client("pg-append")
          .isolation(SERIALIZABLE).opsPerKey(32).rate(200).faults("failover", 5)
          .build(),
      // An open question answered by measurement (findings/pg-hot-standby-long-forks.md): Jepsen found long forks on
      // a managed PostgreSQL with readable replicas; community PostgreSQL 15 shows them too, a
      // handful in ten minutes, too rare for a short test.
      Scenario.named("pg-append-replica-reads")
          .shows("list-append under repeatable read on pg-replicated, read-only transactions "
              + "spread over the primary and two asynchronous hot standbys (--read-from any), healthy, no faults: standbys make "
              + "commits visible in WAL order, the primary in another, so two readers see two appends in opposite orders "
              + "(long fork); snapshot-isolation is ruled out")
          .expect("G-nonadjacent (rare: a few in 10 minutes)")
          .on(Topology.PG_REPLICATED).client("pg-append")
          .readFrom(ANY).isolation(REPEATABLE_READ).opsPerKey(32).rate(0)
          .build(),
      Scenario.named("pg-rw-register-serializable")
          .shows("rw-register transactions (SELECTs and upserts of single values) under serializable: "
              + "valid up to strict-serializable")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-txn-register")
          .isolation(SERIALIZABLE).opsPerKey(32).rate(0)
          .build(),
      Scenario.named("pg-rw-register-repeatable-read")
          .shows("the same registers under repeatable read: write skew (G2-item, or in short runs "
              + "only G2-item-realtime, since registers' version orders are known only in part), snapshot-isolation holds")
          .expect("G2-item")
          .on(Topology.PG_SINGLE).client("pg-txn-register")
          .isolation(REPEATABLE_READ).opsPerKey(32).rate(0)
          .build(),
      // bank: 8 accounts of 10; reads must show 80 and no negative balance.
      Scenario.named("pg-bank-read-committed")
          .shows("transfers that read both balances and write both new ones, under read committed: "
              + "two transfers read the same balance and one write is lost, so reads show a wrong total")
          .expect("wrong-total")
          .on(Topology.PG_SINGLE).client("pg-bank")
          .keys(8).opsPerKey(1).rate(0)
          .build(),
      Scenario.named("pg-bank-repeatable-read")
          .shows("transfers that insert ledger rows after checking the source's balance, under "
              + "repeatable read: two transfers out of one account write different rows, both commit (write skew), and it goes below zero")
          .expect("negative-value")
          .on(Topology.PG_SINGLE).client("pg-bank-ledger")
          .isolation(REPEATABLE_READ).keys(8).opsPerKey(1).rate(0)
          .build(),
      Scenario.named("pg-bank-serializable")
          .shows("the same ledger transfers under serializable: one of two such transfers fails with 40001, "
              + "no balance goes below zero and every read shows the total")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-bank-ledger")
          .isolation(SERIALIZABLE).keys(8).opsPerKey(1).rate(0)
          .build(),
      // What people build on the stores: leaderboards and scheduled jobs.
      Scenario.named("leaderboard-incr")
          .shows("ZINCRBY is atomic: every member's score is a counter within its bounds, and every top-3 read one some state of "
              + "the board gives")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redis-zincrby")
          .keys(2).opsPerKey(100_000).rate(1000)
          .build(),
      Scenario.named("leaderboard-get-set")
          .shows("ZSCORE, then ZADD of the sum computed in the application, from concurrent clients: one increment overwrites "
              + "another, and scores fall below what was acknowledged")
          .expect("lost updates")
          .on(Topology.REDIS_SINGLE).client("redis-zscore-zadd")
          .keys(1).opsPerKey(100_000).rate(1000)
          .build(),
      Scenario.named("pg-leaderboard-select-update")
          .shows("SELECT of a member's score, then an UPDATE of the sum computed in the application, in one transaction under "
              + "read committed: the second of two concurrent increments waits for the first's row lock, then writes its own "
              + "sum over it, and scores fall below what was acknowledged")
          .expect("lost updates")
          .on(Topology.PG_SINGLE).client("pg-leaderboard-select-update")
          .keys(1).opsPerKey(100_000).rate(1000)
          .build(),
      Scenario.named("redis-leaderboard-failover")
          .shows("ZINCRBY on redis-sentinel while the primary is cut off and Sentinel fails over: the increments the old primary "
              + "acknowledged alone are lost, and the final board shows scores below them")
          .expect("lost updates")
          .on(Topology.REDIS_SENTINEL).client("redis-zincrby")
          .keys(2).opsPerKey(100_000).rate(500).faults("failover", 5)
          .build(),
      Scenario.named("redis-jobs-lease-pause")
          .shows("jobs claimed from a Redis sorted set with a 1 s lease; a worker frozen between its claim and the job (a long GC "
              + "pause) outlives its lease, another worker claims the job, and it runs twice")
          .expect("ran-twice")
          .on(Topology.REDIS_SINGLE).client("redis-zset-lease")
          .keys(2).opsPerKey(100_000).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("pg-jobs-skip-locked")
          .shows("the same jobs claimed by SELECT ... FOR UPDATE SKIP LOCKED, run and marked done in the claiming transaction, "
              + "under the same pauses: the frozen worker keeps its row locked, and every job runs once")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("pg-skip-locked")
          .keys(2).opsPerKey(100_000).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("redis-session")
          .shows("sessions by SET PX, GET and PEXPIRE on one Redis node with a true clock: every read before expiry sees the "
              + "latest write, and none after it does")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redis-set-px")
          .keys(4).opsPerKey(100_000).rate(500)
          .build(),
      Scenario.named("redis-session-clock-jump")
          .shows("the same sessions while the server's wall clock jumps 3 s ahead: Redis expires by that clock, so sessions "
              + "written a moment before, with 500-1500 ms to live, are gone at once (Valkey issue 2651's shape)")
          .expect("expired-early")
          .on(Topology.REDIS_SINGLE).client("redis-set-px")
          .keys(4).opsPerKey(100_000).rate(500).faults("clock-jump:+3000", 2)
          .build(),
      // Locks (docs/patterns.md, "Locks: what it promises, what we found"): a lock per key, kept for the whole
      // run (ops per key past any run's count), its holders incrementing a counter beside it.
      Scenario.named("redis-lock-client-pause")
          .shows("SET NX PX with a 1 s lease: a holder stalled 3 s between reading the protected counter and writing it back "
              + "outlives its lease, a second client acquires, and the stale write loses increments; the witness names both "
              + "holders and their leases")
          .expect("two holders, lost updates")
          .on(Topology.REDIS_SINGLE).client("redis-set-nx")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("redis-lock-fenced-client-pause")
          .shows("the same with fencing tokens from INCR: two clients still believe they hold the lock, but the counter "
              + "refuses the stale holder's write, and nothing is lost")
          .expect("valid, with stale writes refused")
          .on(Topology.REDIS_SINGLE).client("redis-set-nx-fenced")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("redis-lock-sentinel-failover")
          .shows("the primary is cut off from sentinels and replicas while clients keep locking on it; Sentinel promotes a "
              + "replica that never saw those locks, and the clients that follow it acquire a lock still held on the old "
              + "primary; the counter's acknowledged increments there are lost too")
          .expect("two holders, lost updates")
          .on(Topology.REDIS_SENTINEL).client("redis-set-nx")
          .keys(1).opsPerKey(LOCK_OPS).rate(200).faults("failover", 5)
          .build(),
      Scenario.named("redis-lock-clock-jump")
          .shows("the server's wall clock jumps 60 s forward: every lease expires at once (Valkey issue 2651's shape, on "
              + "Redis), a second client acquires a lock its holder is still using, and increments are lost")
          .expect("two holders, lost updates")
          .on(Topology.REDIS_SINGLE).client("redis-set-nx")
          // One lock tried for every millisecond or so: at a jump, its holder is mid-way and another acquires at once.
          .keys(1).opsPerKey(LOCK_OPS).rate(1000).faults("clock-jump", 2)
          .build(),
      // Measured (README): Redisson's watchdog renews the lease from its own threads, so a stalled holder keeps it.
      Scenario.named("redisson-lock-client-pause")
          .shows("Redisson's RLock with its watchdog: a holder stalled 3 s keeps its lock, renewed every third of the 1 s "
              + "watchdog timeout by Redisson's own threads; the others are refused meanwhile")
          .expect("valid")
          .on(Topology.REDIS_SINGLE).client("redisson-lock")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("redisson-lock-failover")
          .shows("Redisson's RLock on Sentinel while the primary is cut off and a replica promoted: each client learns of the "
              + "new primary on its own, so for a while some lock on the old primary and some on the new one: two holders, "
              + "and the counter loses increments (in some runs only the counter's acknowledged increments, lost with the old primary)")
          .expect("two holders or lost updates")
          .on(Topology.REDIS_SENTINEL).client("redisson-lock")
          .keys(1).opsPerKey(LOCK_OPS).rate(200).faults("failover", 5)
          .build(),
      Scenario.named("pg-advisory-lock")
          .shows("session-level pg_try_advisory_lock under client-link latency, resets and client stalls: a lost connection "
              + "ends the session and the server releases its lock (a release, not a second holder), and the holder's "
              + "writes went through that session: exclusion holds")
          .expect("valid, with sessions lost")
          .on(Topology.PG_SINGLE).client("pg-advisory")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("latency:clients,reset-peer:clients,client-pause", 2)
          .build(),
      Scenario.named("pg-row-lock")
          .shows("SELECT ... FOR UPDATE NOWAIT of a lock row, the holder's increment in the same transaction, released by "
              + "its COMMIT, under the same faults: a lost connection rolls the transaction back; exclusion holds")
          .expect("valid, with sessions lost")
          .on(Topology.PG_SINGLE).client("pg-row-lock")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("latency:clients,reset-peer:clients,client-pause", 2)
          .build(),
      // ShedLock (docs/patterns.md, "ShedLock"): at most one node runs a scheduled task at a time.
      Scenario.named("shedlock-jdbc")
          .shows("ShedLock's JDBC provider on PostgreSQL around a task (a counter's SELECT and UPDATE), lockAtMostFor 1 s, "
              + "without faults: one node runs the task at a time, and no increment is lost")
          .expect("valid")
          .on(Topology.PG_SINGLE).client("shedlock-jdbc")
          .keys(2).opsPerKey(LOCK_OPS).rate(200)
          .build(),
      Scenario.named("shedlock-jdbc-client-pause")
          .shows("the same with a node stalled 3 s inside the task, past lockAtMostFor: another node takes the lock and runs "
              + "the task too (a double run), and the stalled node's UPDATE loses increments")
          .expect("two holders, lost updates")
          .on(Topology.PG_SINGLE).client("shedlock-jdbc")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      // The lock in one store, the counter it protects in the other (cache-aside topology: PostgreSQL n1, Redis n2).
      Scenario.named("redis-lock-pg-counter-client-pause")
          .shows("SET NX PX with a 1 s lease on Redis around a PostgreSQL row's SELECT and UPDATE: a holder stalled 3 s between "
              + "them outlives its lease, a second client acquires, and PostgreSQL takes the stale UPDATE: increments lost")
          .expect("two holders, lost updates")
          .on(Topology.CACHE_ASIDE).client("redis-set-nx-pg-counter")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("redis-lock-fenced-pg-counter-client-pause")
          .shows("the same with a token from INCR that the row keeps: two clients still believe they hold the lock, but the "
              + "conditional UPDATE (WHERE token <= mine) refuses the stale holder, and nothing is lost")
          .expect("valid, with stale writes refused")
          .on(Topology.CACHE_ASIDE).client("redis-set-nx-fenced-pg-counter")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("client-pause", 3)
          .build(),
      Scenario.named("pg-lock-redis-counter")
          .shows("a session-level advisory lock around a Redis key's GET and SET, under client-link latency, resets and client "
              + "stalls: a stalled holder keeps its session and the lock (no lease runs out); a reset ends a holder's session, "
              + "and the lock with it, but no stall keeps that holder at work on Redis meanwhile: exclusion holds")
          .expect("valid, with sessions lost")
          .on(Topology.CACHE_ASIDE).client("pg-advisory-redis-counter")
          .keys(2).opsPerKey(LOCK_OPS).rate(200).faults("latency:clients,reset-peer:clients,client-pause", 2)
          .build(),
      // Cache-aside (README, "Cache-aside: what it promises, what we found"): PostgreSQL the truth, Redis the cache.
      Scenario.named("cache-aside-race")
          .shows("read the cache, else the row and fill; write the row, then delete the entry: a reader stalled between its "
              + "SELECT and its fill puts the row's old value back after a write deleted it, and the cache serves it until the "
              + "next write: a stale read the witness shows with the write it missed")
          .expect("not linearizable (stale reads)")
          .on(Topology.CACHE_ASIDE).client("cache-aside-common")
          .keys(2).opsPerKey(100_000).rate(300).faults("client-pause", 2)
          .build(),
      Scenario.named("cache-aside-versioned")
          .shows("the same stalls with a version per row: the write leaves a tombstone of the row's new version, and the fill, "
              + "a script, refuses a version older than the cache's, so the stalled reader's old value never lands")
          .expect("valid")
          .on(Topology.CACHE_ASIDE).client("cache-aside-versioned")
          .keys(2).opsPerKey(100_000).rate(300).faults("client-pause", 2)
          .build());

  private Scenarios() {}

  public static Optional<Scenario> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
