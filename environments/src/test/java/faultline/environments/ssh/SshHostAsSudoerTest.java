package faultline.environments.ssh;

import org.junit.jupiter.api.Assumptions;

/**
 * The host contract again, logged in as a user who is not root and has sudo without a password:
 * commands as root or another user go through {@code sudo -n}, the way most machines are reached.
 */
class SshHostAsSudoerTest extends SshHostTest {

  @Override
  protected String loginUser(NetnsHosts hosts) {
    Assumptions.assumeTrue(hosts.userWithSudo().isPresent(), "needs sudo(8) on this machine (apt-get install sudo)");
    return hosts.userWithSudo().orElseThrow();
  }
}
