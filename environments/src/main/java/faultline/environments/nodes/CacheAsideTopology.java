package faultline.environments.nodes;

import faultline.environments.Link;
import faultline.environments.Role;

/**
 * cache-aside: a PostgreSQL node holding the truth (n1, the environment's primary) and a Redis
 * node caching it (n2), each behind a client link of its own, so that a fault may cut or slow
 * the clients' way to the cache and to the database apart. Both require the run's password
 * (Redis's AUTH takes it alone).
 */
final class CacheAsideTopology {
  private CacheAsideTopology() {}

  static void assemble(Deployment env) {
    PostgresNode truth = env.addPostgresNode("n1", Role.PRIMARY);
    RedisNode cache = env.addRedisNode("n2", Role.PRIMARY, RedisTopologies.REDIS_PORT);
    env.addLink(Link.CLIENTS, truth, Link.Kind.CLIENT);
    env.addLink(Link.CLIENTS, cache, Link.Kind.CLIENT);
    truth.initialize();
    truth.start();
    cache.start();
  }
}
