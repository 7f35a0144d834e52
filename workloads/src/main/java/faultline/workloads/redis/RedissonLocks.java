package faultline.workloads.redis;

import faultline.environments.Endpoint;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.LockCycle;
import faultline.workloads.Sentinels;
import faultline.workloads.Targets;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.misc.RedisURI;

/**
 * Redisson clients for the lock workload, configured as an application would be, and going through
 * the environment's client proxies with the run's password: one server, or the sentinels (a
 * primary named by a sentinel is reached through its client proxy, Redisson's NAT mapper).
 *
 * <p>Each logical process has a Redisson instance of its own, as each application process has: a
 * retired process's instance is shut down, so its lock watchdog stops renewing, as a crashed
 * application's would, and its lease runs out. The watchdog's timeout is
 * {@link LockCycle#LEASE_MS}: while a holder's Redisson instance lives, it renews the lease every
 * third of that, whatever the holder's own thread is doing. The instances share one event loop.
 */
public final class RedissonLocks implements ClientFactory {
  private final Targets targets;
  private final ClientOptions options;
  private final boolean fenced;
  private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

  public RedissonLocks(Targets targets, ClientOptions options, boolean fenced) {
    if (targets.cluster().isPresent()) throw new IllegalArgumentException("the Redisson lock clients run on one node or with sentinels, not on a cluster");
    if (options.readFrom().usesReplicas()) throw new IllegalArgumentException("the Redisson lock clients read from the primary only");
    this.targets = targets;
    this.options = options;
    this.fenced = fenced;
  }

  private RedissonClient connect() {
    Config config = new Config();
    config.setEventLoopGroup(loop);
    config.setLockWatchdogTimeout(LockCycle.LEASE_MS);
    int timeout = (int) options.opTimeout().toMillis();
    int connect = (int) options.connectTimeout().toMillis();
    String password = targets.credentials().password();
    if (targets.sentinels().isPresent()) {
      Sentinels s = targets.sentinels().get();
      var sentinel = config.useSentinelServers().setMasterName(s.master()).setPassword(password).setSentinelPassword(password)
          .setReadMode(ReadMode.MASTER).setCheckSentinelsList(false).setSentinelsDiscovery(false)
          .setNatMapper(uri -> {
            Endpoint routed = s.route().apply(new Endpoint(uri.getHost(), uri.getPort()));
            return new RedisURI(uri.getScheme(), routed.host(), routed.port());
          })
          .setTimeout(timeout).setConnectTimeout(connect).setRetryAttempts(0);
      for (Endpoint e : s.endpoints()) sentinel.addSentinelAddress("redis://" + e.host() + ":" + e.port());
    } else {
      Endpoint primary = targets.primary();
      config.useSingleServer().setAddress("redis://" + primary.host() + ":" + primary.port()).setPassword(password)
          .setTimeout(timeout).setConnectTimeout(connect).setRetryAttempts(0)
          .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2).setSubscriptionConnectionMinimumIdleSize(0);
    }
    return Redisson.create(config);
  }

  /** Proves the servers answer, with the settings every client will use. */
  @Override
  public void setup() {
    connect().shutdown();
  }

  @Override
  public Client open() {
    return new RedissonLockClient(connect(), fenced, options.opTimeout().toMillis());
  }

  @Override
  public void close() {
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
