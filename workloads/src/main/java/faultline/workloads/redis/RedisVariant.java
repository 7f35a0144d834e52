package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Redis {@code --client} variants: how a workload's ops become Redis commands. Each constant
 * is one variant, declared once: its name, what it sends, whether its processes need connections
 * of their own, what it prepares, and the client it opens. A new one is a constant here (and its
 * client's class); its workload lists it in its {@link faultline.workloads.WorkloadKind}.
 */
public enum RedisVariant implements ClientVariant {
  INCRBY("redis-incrby", "INCRBY (atomic on the server)", Connections.SHARED, (c, v) -> new RedisCounterClient(c, true)),
  GET_SET("redis-get-set", "GET then SET of the sum, two round trips: a read-modify-write that loses updates",
      Connections.SHARED, (c, v) -> new RedisCounterClient(c, false)),
  WATCH_CAS("redis-watch-cas", "GET/SET, and cas by WATCH, GET, MULTI, SET, EXEC (optimistic)", Connections.OWN, RedisRegisterClient::new),
  LUA_CAS("redis-lua-cas", "GET/SET, and cas by one Lua script (atomic on the server)", Connections.SHARED, RedisRegisterClient::new),
  GET_SET_REGISTER("redis-get-set-register", "GET and SET only, no cas", Connections.SHARED, RedisRegisterClient::new),
  SADD("redis-sadd", "SADD and SMEMBERS", Connections.SHARED, (c, v) -> new RedisSetClient(c)),
  MULTI_APPEND("redis-multi-append", "MULTI, RPUSH and LRANGE queued, EXEC", Connections.OWN, (c, v) -> new RedisAppendClient(c, false, false)),
  LUA_APPEND("redis-lua-append", "one Lua script running the transaction's RPUSHes and LRANGEs", Connections.SHARED,
      (c, v) -> new RedisAppendClient(c, true, false)),
  MULTI_REGISTER("redis-multi-register", "MULTI, GET and SET queued, EXEC", Connections.OWN, (c, v) -> new RedisAppendClient(c, false, true)),
  LUA_REGISTER("redis-lua-register", "one Lua script running the transaction's GETs and SETs", Connections.SHARED,
      (c, v) -> new RedisAppendClient(c, true, true)),
  ZINCRBY("redis-zincrby", "a sorted set per board: ZINCRBY (atomic); ZSCORE, ZREVRANGE WITHSCORES", Connections.SHARED,
      (c, v) -> new RedisLeaderboardClient(c, true)),
  ZSCORE_ZADD("redis-zscore-zadd", "ZSCORE, then ZADD of the sum, two round trips: a read-add-write-back that loses updates",
      Connections.SHARED, (c, v) -> new RedisLeaderboardClient(c, false)),
  ZSET_LEASE("redis-zset-lease", "jobs in a sorted set by due time (server TIME); a claim re-scores the job at now + a "
      + RedisJobsClient.LEASE_MS + " ms lease, the run ZREMs it", Connections.SHARED, (c, v) -> new RedisJobsClient(c)),
  SET_PX("redis-set-px", "SET PX, GET and PEXPIRE: the server expires each session by its own wall clock", Connections.SHARED,
      (c, v) -> new RedisSessionClient(c)),
  WATCH_BANK("redis-watch-bank", "transfers by WATCH, GET, MULTI, SET, EXEC (optimistic); reads by one MGET", Connections.OWN,
      (c, v) -> new RedisBankClient(c)) {
    @Override
    void setup(Function<String, RedisCommands<String, String>> forKey) {
      RedisBankClient.setup(forKey.apply(RedisBankClient.account(0)));
    }
  },
  SET_NX("redis-set-nx", "SET NX PX with a lease, released by a compare-and-delete script; the counter by GET then SET",
      Connections.SHARED, (c, v) -> new RedisLockClient(c, false)),
  SET_NX_FENCED("redis-set-nx-fenced", "SET NX PX and a token from INCR in one script, released by compare-and-delete; the counter by scripts that refuse an older token",
      Connections.SHARED, (c, v) -> new RedisLockClient(c, true));

  /** Whether each process has connections of its own (WATCH and MULTI state belong to a connection) or shares them. */
  enum Connections { SHARED, OWN }

  private final String id;
  private final String description;
  private final Connections connections;
  private final BiFunction<RedisConnections, RedisVariant, Client> client;

  RedisVariant(String id, String description, Connections connections, BiFunction<RedisConnections, RedisVariant, Client> client) {
    this.id = id;
    this.description = description;
    this.connections = connections;
    this.client = client;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String database() {
    return REDIS;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean cas() {
    return this == WATCH_CAS || this == LUA_CAS;
  }

  @Override
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new RedisClients(this, targets, options);
  }

  boolean ownConnections() {
    return connections == Connections.OWN;
  }

  /** What the variant prepares once the servers are up, given the connection that serves a key; nothing by default. */
  void setup(Function<String, RedisCommands<String, String>> forKey) {}

  Client client(RedisConnections connections) {
    return client.apply(connections, this);
  }
}
