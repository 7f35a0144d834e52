package faultline.workloads;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which server answered a connection, as the server itself says when the connection opens (once
 * per connection, never per op): its home (Redis {@code config_file}, PostgreSQL
 * {@code data_directory}), which is a file of the node's own folder in the run folder and so tells
 * this run's nodes from any other server at the same address, and its incarnation (Redis
 * {@code run_id}, PostgreSQL's postmaster start time and system identifier), which changes with
 * every restart. A completion carries it as the history's {@code node} field.
 *
 * @param name the node's name: the name of the folder holding {@link #home} (n1, n2, ...)
 */
public record ServerIdentity(String name, String home, String run) {

  /**
   * PostgreSQL's {@code data_directory} as SQL, or '' for a user who may not read it (only
   * superusers and members of {@code pg_read_all_settings} may: a managed service's user usually
   * cannot). The system identifier, which every user may read, still tells the server apart.
   */
  public static final String POSTGRES_HOME_SQL =
      "CASE WHEN pg_has_role('pg_read_all_settings', 'MEMBER') THEN current_setting('data_directory') ELSE '' END";

  /** From Redis's {@code INFO server} reply. */
  public static ServerIdentity ofRedisInfo(String info) {
    String home = infoField(info, "config_file");
    String run = infoField(info, "run_id");
    return new ServerIdentity(nameOf(home), home, run);
  }

  /** From PostgreSQL's {@code data_directory}, postmaster start time and system identifier. */
  public static ServerIdentity ofPostgres(String dataDirectory, String started, String systemIdentifier) {
    return new ServerIdentity(nameOf(dataDirectory), dataDirectory, started + " system " + systemIdentifier);
  }

  /** The folder the home lies in: a node's folder is named after the node. */
  private static String nameOf(String home) {
    if (home == null || home.isEmpty()) return "?";
    try {
      Path parent = Path.of(home).getParent();
      return parent == null || parent.getFileName() == null ? "?" : parent.getFileName().toString();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /** One {@code name:value} field of a Redis INFO reply, or "" when it has none. */
  public static String infoField(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) return line.substring(name.length() + 1).strip();
    }
    return "";
  }

  /** The history's {@code node} field. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("home", home);
    out.put("run", run);
    return out;
  }
}
