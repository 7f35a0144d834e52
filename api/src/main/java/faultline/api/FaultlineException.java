package faultline.api;

/**
 * A test that cannot run as written: no client, a model that does not fit the workload's
 * operations, servers that cannot be started, a client that throws when it is opened. The
 * message is one line that says what is wrong; the cause, when there is one, is what was thrown.
 */
public class FaultlineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A test that cannot run.
   *
   * @param message what is wrong, in one line
   */
  public FaultlineException(String message) {
    super(message);
  }

  /**
   * A test that cannot run because of {@code cause}.
   *
   * @param message what is wrong, in one line
   * @param cause what was thrown
   */
  public FaultlineException(String message, Throwable cause) {
    super(message, cause);
  }
}
