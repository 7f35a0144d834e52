package faultline.api;

/**
 * Opens a {@link Client} for a new logical process, given where the servers are. Called once per
 * process, from the process's own thread, so it may connect; throwing counts as a {@code fail}
 * of the operation the client was opened for (a refused connection), except before the run
 * starts: faultline opens one client first, without faults, and a factory that throws then is
 * a mistake in the test, reported as a {@link FaultlineException}.
 */
@FunctionalInterface
public interface ClientFactory {

  /**
   * A new client.
   *
   * @param endpoints the servers of this run, through the proxies that the faults act on
   * @return a client for one logical process
   * @throws Exception when the client cannot be opened
   */
  Client open(Endpoints endpoints) throws Exception;
}
