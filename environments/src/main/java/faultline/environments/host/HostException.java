package faultline.environments.host;

import faultline.environments.EnvironmentUnavailableException;

/**
 * A host could not do what was asked: unreachable, refused the credentials, lacks sudo, a command
 * failed. Its message is one line naming the host and what failed; the CLI exits 69 on it, as on
 * every environment that cannot be had.
 */
public class HostException extends EnvironmentUnavailableException {

  public HostException(Host host, String what) {
    this(host.kind() + " host " + host.name() + " (" + host.address() + "): " + what, "", null);
  }

  public HostException(String message, String details, Throwable cause) {
    super(message, details, cause);
  }
}
