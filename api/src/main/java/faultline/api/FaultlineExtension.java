package faultline.api;

import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts the servers for your tests and fails a test whose run finds an
 * anomaly. Register it in a field: a {@code static} field keeps one set of servers for the whole
 * class (emptied before each run), an instance field starts them before each test and stops them
 * after it.
 *
 * <pre>{@code
 * class LeaderboardTest {
 *   @RegisterExtension
 *   static final FaultlineExtension faultline = FaultlineExtension.servers(Topology.REDIS_SINGLE);
 *
 *   @Test
 *   void addPointsKeepsEveryPoint() throws InterruptedException {
 *     faultline.test("zincrby")
 *         .clients(endpoints -> new LeaderboardClient(endpoints.redisUri()))
 *         .workload(Workloads.counter().keys(4))
 *         .nemesis(Faults.pause(), Faults.latency())
 *         .run();   // an anomaly fails the test here, with the explanation and report.html's path
 *   }
 * }
 * }</pre>
 *
 * <p>An {@code unknown} verdict fails the test too, unless the test method or class carries
 * {@link AllowUnknown} (or the extension was made with {@link #allowUnknown()}). The failure is an
 * {@link AssertionError} whose message is {@link Result#message()}, so JUnit's reports and
 * Surefire's XML show it as they show any failed assertion.
 */
public final class FaultlineExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Topology topology;
  private Path store = TestBuilder.defaultStore();
  private boolean allowUnknown;
  private Servers servers;
  private boolean perClass;
  private boolean allowUnknownNow;

  private FaultlineExtension(Topology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
  }

  /**
   * An extension that starts servers of {@code topology}.
   *
   * @param topology which servers
   * @return the extension, to register with {@code @RegisterExtension}
   */
  public static FaultlineExtension servers(Topology topology) {
    return new FaultlineExtension(topology);
  }

  /**
   * Where run folders go (by default {@code target/faultline}, or the system property {@code
   * faultline.store}).
   *
   * @param store a folder
   * @return this extension
   */
  public FaultlineExtension store(Path store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Lets an unknown verdict pass every test of this extension (an anomaly still fails).
   *
   * @return this extension
   */
  public FaultlineExtension allowUnknown() {
    this.allowUnknown = true;
    return this;
  }

  /**
   * A test on this extension's servers, with its store; its {@link TestBuilder#run()} fails the
   * JUnit test on an anomaly, and on unknown unless allowed.
   *
   * @param name the test's name
   * @return the builder
   * @throws FaultlineException outside a test of a class that registers this extension
   */
  public TestBuilder test(String name) {
    if (servers == null) {
      throw new FaultlineException("the extension's servers are not running: register it with @RegisterExtension and call test() inside a test");
    }
    TestBuilder builder = Faultline.test(name).on(servers).store(store);
    builder.asserting = allowUnknown || allowUnknownNow;
    return builder;
  }

  /**
   * The running servers, for code of your own that needs them (a setup step, say).
   *
   * @return the servers
   * @throws FaultlineException when they are not running
   */
  public Servers runningServers() {
    if (servers == null) throw new FaultlineException("the extension's servers are not running");
    return servers;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    servers = Servers.start(topology, store);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    allowUnknownNow = context.getRequiredTestMethod().isAnnotationPresent(AllowUnknown.class)
        || context.getRequiredTestClass().isAnnotationPresent(AllowUnknown.class);
    if (servers == null) servers = Servers.start(topology, store);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    allowUnknownNow = false;
    if (!perClass) stop();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void stop() {
    if (servers == null) return;
    try {
      servers.close();
    } finally {
      servers = null;
    }
  }
}
