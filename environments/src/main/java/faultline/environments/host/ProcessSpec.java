package faultline.environments.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Host} starts: a command (no shell), the folder it runs in, the log its output is
 * appended to, variables added to its environment (LD_PRELOAD for the preload libraries), and the
 * user it runs as (PostgreSQL refuses root) when given. Paths are on the host.
 */
public record ProcessSpec(List<String> command, Path workingFolder, Path log, Map<String, String> environment,
                          Optional<String> user) {

  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    if (command.isEmpty()) throw new IllegalArgumentException("no command to start");
  }

  public static ProcessSpec of(List<String> command, Path workingFolder, Path log) {
    return new ProcessSpec(command, workingFolder, log, Map.of(), Optional.empty());
  }

  public ProcessSpec withEnvironment(Map<String, String> variables) {
    return new ProcessSpec(command, workingFolder, log, variables, user);
  }

  public ProcessSpec as(String systemUser) {
    return new ProcessSpec(command, workingFolder, log, environment, Optional.of(systemUser));
  }
}
