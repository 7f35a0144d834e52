package faultline.workloads.redis;

import java.util.Arrays;
import java.util.Locale;

/** The Redis {@code --client} variants: how each workload's ops become Redis commands. */
public enum RedisVariant {
  /** counter: INCRBY (atomic on the server). */
  INCRBY("counter"),
  /** counter: GET then SET of the sum, two round trips: a read-modify-write that loses updates. */
  GET_SET("counter"),
  /** register: GET/SET, and cas by WATCH, GET, MULTI, SET, EXEC (optimistic). */
  WATCH_CAS("register"),
  /** register: GET/SET, and cas by one Lua script (atomic on the server). */
  LUA_CAS("register"),
  /** register: GET and SET only, no cas. */
  GET_SET_REGISTER("register"),
  /** set: SADD and SMEMBERS. */
  SADD("set"),
  /** list-append: MULTI, RPUSH and LRANGE queued, EXEC. */
  MULTI_APPEND("list-append"),
  /** list-append: one Lua script running the transaction's RPUSHes and LRANGEs. */
  LUA_APPEND("list-append"),
  /** rw-register: MULTI, GET and SET queued, EXEC. */
  MULTI_REGISTER("rw-register"),
  /** rw-register: one Lua script running the transaction's GETs and SETs. */
  LUA_REGISTER("rw-register"),
  /** bank: transfers by WATCH, GET, MULTI, SET, EXEC (optimistic); reads by one MGET. */
  WATCH_BANK("bank"),
  /** lock: SET NX PX, released by a compare-and-delete script; the counter by GET then SET. */
  SET_NX("lock"),
  /** fenced-lock: the same with a token from INCR, checked by the counter's scripts. */
  SET_NX_FENCED("fenced-lock"),
  /** lock: Redisson's RLock (tryLock, the watchdog renewing the lease, unlock). */
  REDISSON_LOCK("lock"),
  /** fenced-lock: Redisson's RFencedLock (tryLockAndGetToken). */
  REDISSON_FENCED_LOCK("fenced-lock");

  private final String workload;

  RedisVariant(String workload) {
    this.workload = workload;
  }

  /** The name on the command line: {@code redis-incrby}, {@code redis-watch-cas}, ... */
  public String id() {
    if (this == REDISSON_LOCK || this == REDISSON_FENCED_LOCK) return name().toLowerCase(Locale.ROOT).replace('_', '-');
    return this == GET_SET_REGISTER ? "redis-get-set-register" : "redis-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String workload() {
    return workload;
  }

  public boolean cas() {
    return this == WATCH_CAS || this == LUA_CAS;
  }

  public static RedisVariant byId(String id) {
    return Arrays.stream(values()).filter(v -> v.id().equals(id)).findFirst().orElse(null);
  }
}
