package faultline.workloads;

/**
 * A named way of talking to one database for one workload (a {@code --client} variant): it
 * prepares the database once, then opens one {@link Client} per logical process.
 */
public interface ClientFactory extends AutoCloseable {

  /** Creates what the workload needs (tables), once, before any client opens. */
  void setup() throws Exception;

  /** A new client for a fresh process; may fail when the database cannot be reached. */
  Client open() throws Exception;

  /** Releases shared resources (event loops, pools). */
  @Override
  void close();
}
