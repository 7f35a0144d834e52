package faultline.environments.nodes;

/**
 * Where a host's server programs are, by name ("redis-server", "initdb", "pg_rewind"): the paths
 * are the host's. An environment kind says where its hosts keep them (a local run's chosen
 * version, a container image's folders).
 */
public interface Programs {

  /** The program's path on the host; an EnvironmentUnavailableException naming it when it is missing. */
  java.nio.file.Path path(String program);

  /** Whether the host has it: some PostgreSQL builds lack pg_basebackup and pg_rewind. */
  boolean has(String program);
}
