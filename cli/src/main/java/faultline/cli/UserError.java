package faultline.cli;

/** An error the user can fix (bad input, missing binary): its message is the whole story. */
public class UserError extends RuntimeException {
  private final int exitCode;

  public UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
