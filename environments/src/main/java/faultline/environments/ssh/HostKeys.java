package faultline.environments.ssh;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.session.ClientSession;
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
 *
 * <p>One verifier serves every host of an inventory, so hosts connected at once append to the file
 * under one lock rather than over each other.
 */
final class HostKeys {
  private final Path knownHosts;
  private final Map<ClientSession, String> refused = new ConcurrentHashMap<>();
  private final ServerKeyVerifier verifier;

  HostKeys(Path knownHosts) {
    this.knownHosts = knownHosts;
    KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE, knownHosts);
    verifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
      refused.put(session, "its host key (" + KeyUtils.getFingerPrint(actual) + ") differs from the one recorded in " + knownHosts
          + " (" + KeyUtils.getFingerPrint(expected) + "): refused; remove its line there if the host was rebuilt");
      return false;
    });
    this.verifier = (session, address, key) -> {
      synchronized (this) {
        return verifier.verifyServerKey(session, address, key);
      }
    };
  }

  ServerKeyVerifier verifier() {
    return verifier;
  }

  /** Why the session's host key was refused, once it was. */
  Optional<String> refused(ClientSession session) {
    return Optional.ofNullable(session == null ? null : refused.remove(session));
  }
}
