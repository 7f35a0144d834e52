package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Commands run as user {@code nobody} (through setpriv): another local user, for the security tests. */
final class Nobody {
  private Nobody() {}

  record Result(int exit, String output) {}

  /** Skips the test unless we are root with setpriv, as acting as another user needs. */
  static void assumeWeCanBecomeIt() {
    Assumptions.assumeTrue(PostgresUser.weAreRoot(), "needs root, to act as user nobody");
    Assumptions.assumeTrue(Binaries.onPath("setpriv").isPresent(), "needs setpriv");
  }

  /** Runs {@code command} as nobody, without our passwords in its environment. */
  static Result run(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    full.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    builder.environment().remove("REDISCLI_AUTH");
    builder.environment().remove("PGPASSWORD");
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes());
    return new Result(p.waitFor(), output);
  }

  /** {@link #run}, which must succeed. */
  static void must(String... command) throws Exception {
    Result r = run(command);
    assertThat(r.exit()).as("%s: %s", List.of(command), r.output()).isZero();
  }
}
