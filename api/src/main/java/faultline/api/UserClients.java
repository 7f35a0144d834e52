package faultline.api;

import faultline.workloads.Completion;

/**
 * A user's {@link ClientFactory} as faultline's runner takes one: each client opened with the
 * run's endpoints, each operation and outcome translated, and nothing set up (the user's code
 * creates what it needs).
 */
final class UserClients implements faultline.workloads.ClientFactory {
  private final ClientFactory factory;
  private final Endpoints endpoints;

  UserClients(ClientFactory factory, Endpoints endpoints) {
    this.factory = factory;
    this.endpoints = endpoints;
  }

  @Override
  public void setup() {}

  @Override
  public faultline.workloads.Client open() throws Exception {
    return adapt(factory.open(endpoints));
  }

  /** {@code client} as a worker uses it; null (a factory that returned none) is refused at its first op. */
  static faultline.workloads.Client adapt(Client client) {
    return new faultline.workloads.Client() {
      @Override
      public Completion invoke(faultline.workloads.Invocation op) throws Exception {
        if (client == null) return Completion.fail("the client factory returned null");
        faultline.api.Completion done = client.invoke(new Invocation(op.f(), op.key(), op.value()));
        if (done == null) return Completion.info(client.getClass().getSimpleName() + ".invoke returned null");
        return switch (done.outcome()) {
          case OK -> Completion.ok(normal(done.value()));
          case FAIL -> Completion.fail(done.error());
          case INFO -> Completion.info(done.error());
        };
      }

      @Override
      public void close() {
        if (client == null) return;
        try {
          client.close();
        } catch (RuntimeException e) {
          // A client that cannot close cleanly (its connection cut by a fault) has done its work.
        }
      }
    };
  }

  /** Whole numbers as longs, as faultline's own clients give them, so an int and a long read alike. */
  private static Object normal(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
    return value;
  }

  @Override
  public void close() {}
}
