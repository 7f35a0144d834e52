package faultline.workloads.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Environment;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
import faultline.workloads.Client;
import faultline.workloads.ClientOptions;
import faultline.workloads.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connection a PostgreSQL client takes is held to the isolation level the run asked for, as
 * the server names it: the names the check compares are PostgreSQL's own, and a client opens at
 * each level.
 */
class PostgresIsolationTest {
  @TempDir Path dir;

  @Test
  void eachLevelIsTheOneTheServerNamesAndAClientOpensAtIt() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // postgres enters it
    try (Environment env = LocalEnvironment.builder(Topology.PG_SINGLE).runDirectory(dir.resolve("nodes")).start()) {
      var n1 = env.node("n1");
      try (Connection c = DriverManager.getConnection(n1.address().jdbcUrl("postgres"), env.credentials().user(), env.credentials().password());
          Statement s = c.createStatement()) {
        for (ClientOptions.Isolation level : ClientOptions.Isolation.values()) {
          s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + level.serverName());
          try (ResultSet r = s.executeQuery("SHOW transaction_isolation")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(level.serverName());
          }
        }
      }
      Targets targets = new Targets(env.clientEndpoint(n1), List.of(), env.credentials());
      for (ClientOptions.Isolation level : ClientOptions.Isolation.values()) {
        ClientOptions options = new ClientOptions(ClientOptions.ReadFrom.PRIMARY, 0, level, Duration.ofSeconds(2), Duration.ofSeconds(2));
        try (PostgresClients clients = new PostgresClients(PostgresVariant.APPEND, targets, options, 1)) {
          clients.setup();
          try (Client client = clients.open()) {
            assertThat(client).as(level.id()).isNotNull();
          }
        }
      }
    }
  }
}
