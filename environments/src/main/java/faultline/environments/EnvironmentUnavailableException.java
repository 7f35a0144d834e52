package faultline.environments;

/**
 * An environment could not be started: a binary is missing, a node did not come up in time, a
 * port could not be had. The message is one line meant for the user; the CLI maps this exception
 * to exit code 69. {@link #details()} carries more (for example the last lines of a node's log).
 */
public class EnvironmentUnavailableException extends RuntimeException {
  private final String details;

  public EnvironmentUnavailableException(String message) {
    this(message, "", null);
  }

  public EnvironmentUnavailableException(String message, String details, Throwable cause) {
    super(message, cause);
    this.details = details == null ? "" : details;
  }

  /** Multi-line context for the message, empty when there is none. */
  public String details() {
    return details;
  }

  /** A binary this machine lacks, and how to get it. */
  public static EnvironmentUnavailableException missingBinary(String binary) {
    return new EnvironmentUnavailableException(
        binary + " not found; run scripts/bootstrap to install it");
  }
}
