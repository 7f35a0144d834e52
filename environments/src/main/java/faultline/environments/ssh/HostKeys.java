package faultline.environments.ssh;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Host keys, trusted on first use: a host not yet in the known-hosts file is accepted and its key
 * recorded there (OpenSSH's format); a host whose key differs from the recorded one is refused,
 * and {@link #refused()} says so. The file is the run folder's unless the inventory names one that
 * lasts from run to run, which then pins each host's key for good: what ssh(1) does with
 * StrictHostKeyChecking=accept-new.
 */
final class HostKeys {
  private final Path knownHosts;
  private final AtomicReference<String> refused = new AtomicReference<>();

  HostKeys(Path knownHosts) {
    this.knownHosts = knownHosts;
  }

  ServerKeyVerifier verifier() {
    KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE, knownHosts);
    verifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
      refused.set("its host key (" + KeyUtils.getFingerPrint(actual) + ") differs from the one recorded in " + knownHosts
          + " (" + KeyUtils.getFingerPrint(expected) + "): refused; remove its line there if the host was rebuilt");
      return false;
    });
    return verifier;
  }

  /** Why the host's key was refused, once it was. */
  Optional<String> refused() {
    return Optional.ofNullable(refused.get());
  }
}
