package faultline.environments.local;

import faultline.environments.host.Host;
import faultline.environments.host.HostContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** This machine as a host passes the contract every kind of host must. */
class LocalHostTest extends HostContract {
  private final List<Path> made = new ArrayList<>();

  @Override
  protected Host host() {
    try {
      Path run = Files.createTempDirectory("faultline-local-host-");
      made.add(run);
      return new LocalHost("n1", "127.0.0.1", run, LocalHost.Starts.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void deleteRunFolders() {
    made.forEach(Directories::deleteRecursively);
  }
}
