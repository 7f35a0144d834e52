package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.EnvironmentUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block of loopback addresses is one run's alone, across users and state folders. */
class AddressBlockTest {

  @Test
  void twoEnvironmentsOfOneJvmGetTwoBlocksAndAReleasedBlockIsFreeAgain() {
    try (AddressBlock first = AddressBlock.take(); AddressBlock second = AddressBlock.take()) {
      assertThat(second.number()).isNotEqualTo(first.number());
      assertThat(first.proxyHost()).isEqualTo("127.0." + first.number() + ".10");
      assertThat(first.nodeHost(0)).isEqualTo("127.0." + first.number() + ".11");
      assertThat(second.nodeHost(0)).isNotEqualTo(first.nodeHost(0));
      assertThat(Files.isRegularFile(AddressBlock.lockFile(AddressBlock.LOCK_FOLDER, first.number()))).isTrue();
    }
  }

  /** Another process, of another user, holding a block's lock (fcntl, as Java's) keeps us out of it. */
  @Test
  void aBlockLockedByAnotherUsersProcessIsNotTaken() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "running as another user needs root");
    int number;
    try (AddressBlock probe = AddressBlock.take()) {
      number = probe.number();
    }
    Path file = AddressBlock.lockFile(AddressBlock.LOCK_FOLDER, number);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("every user may lock it").isEqualTo("rw-rw-rw-");
    Process holder = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/bin/python3", "-c",
        "import fcntl, sys, time\n"
            + "f = open(sys.argv[1], 'r+')\n"
            + "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
            + "print('held', flush=True)\n"
            + "time.sleep(60)\n", file.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = output.readLine();
      if (!"held".equals(line)) line += output.lines().collect(java.util.stream.Collectors.joining(" "));
      if (line != null && line.contains("BlockingIOError")) {
        org.junit.jupiter.api.Assumptions.abort("another run took block " + number + " meanwhile");
      }
      assertThat(line).isEqualTo("held");
      try (AddressBlock ours = AddressBlock.take()) {
        assertThat(ours.number()).isNotEqualTo(number);
      }
    } finally {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLinkOrAFifoPlantedAsALockFileIsSkippedAndItsTargetUntouched(@TempDir Path folder) throws Exception {
    Path target = Files.writeString(folder.resolve("precious"), "x");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    Files.createSymbolicLink(AddressBlock.lockFile(folder, 0), target);
    new ProcessBuilder("mkfifo", AddressBlock.lockFile(folder, 1).toString()).start().waitFor();

    try (AddressBlock block = AddressBlock.take(folder)) {
      assertThat(block.number()).isEqualTo(2);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    assertThat(Files.readString(target)).isEqualTo("x");
  }

  @Test
  void aLockFolderOthersMayWriteWithoutTheStickyBitIsRefused(@TempDir Path parent) throws Exception {
    Path open = Files.createDirectory(parent.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> AddressBlock.take(open)).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessage("the machine-wide folder of faultline's address locks, " + open
            + ", is writable by others without the sticky bit; refusing to use it");
    Path link = Files.createSymbolicLink(parent.resolve("link"), parent);
    assertThatThrownBy(() -> AddressBlock.take(link)).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining("is not a folder (or is a link)");
  }
}
