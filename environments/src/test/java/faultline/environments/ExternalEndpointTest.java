package faultline.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --endpoint} values: the URLs users know, roles, and refusals that never print a password. */
class ExternalEndpointTest {

  @Test
  void redisAndPostgresUrlsAsClientLibrariesWriteThem() {
    ExternalEndpoint r = ExternalEndpoint.parse("n1", "redis://:p%40ss@10.0.0.5:6380");
    assertThat(r.redis()).isTrue();
    assertThat(r.role()).isEqualTo(Role.PRIMARY);
    assertThat(r.address()).isEqualTo(new Endpoint("10.0.0.5", 6380));
    assertThat(r.credentials()).isEqualTo(new Credentials("default", "p@ss"));
    assertThat(r.redacted()).isEqualTo("primary=redis://:***@10.0.0.5:6380");

    ExternalEndpoint p = ExternalEndpoint.parse("n2", "replica=postgresql://app:secret@db.example:5433/test");
    assertThat(p.redis()).isFalse();
    assertThat(p.role()).isEqualTo(Role.REPLICA);
    assertThat(p.database()).isEqualTo("test");
    assertThat(p.credentials()).isEqualTo(new Credentials("app", "secret"));
    assertThat(p.toString()).isEqualTo("n2 (replica=postgres://app:***@db.example:5433/test)").doesNotContain("secret");
    assertThat(ExternalEndpoint.parse("n1", "postgres://app:secret@h:5432").database()).isEqualTo("postgres");
  }

  @Test
  void severalEndpointsNameTheirRolesAndShareOneDatabaseAndCredentials() {
    List<ExternalEndpoint> two = ExternalEndpoint.parseAll(List.of("primary=redis://:pw@h1:6379", "replica=redis://:pw@h2:6379"));
    assertThat(two).extracting(ExternalEndpoint::name).containsExactly("n1", "n2");
    assertThat(ExternalEndpoint.topologyOf(two)).isEqualTo(Topology.REDIS_EXTERNAL);
    assertThatThrownBy(() -> ExternalEndpoint.parseAll(List.of("redis://:pw@h1:6379", "redis://:pw@h2:6379")))
        .hasMessageContaining("each names its role");
    assertThatThrownBy(() -> ExternalEndpoint.parseAll(List.of("replica=redis://:pw@h1:6379")))
        .hasMessageContaining("exactly one primary");
    assertThatThrownBy(() -> ExternalEndpoint.parseAll(List.of("primary=redis://:pw@h1:6379", "replica=postgres://u:pw@h2:5432/d")))
        .hasMessageContaining("one database");
    assertThatThrownBy(() -> ExternalEndpoint.parseAll(List.of("primary=redis://:pw@h1:6379", "replica=redis://:other@h2:6379")))
        .hasMessageContaining("same user, password").message().doesNotContain("other");
  }

  @Test
  void badValuesAreRefusedWithoutThePassword() {
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "mysql://u:hunter2@h:3306")).hasMessageContaining("redis:// or postgres://")
        .message().doesNotContain("hunter2");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "redis://h:6379")).hasMessageContaining("a password is required");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "postgres://:hunter2@h:5432/d")).hasMessageContaining("a user is required")
        .message().doesNotContain("hunter2");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "redis://:pw@h")).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "leader=redis://:pw@h:1")).hasMessageContaining("unknown role");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "postgres://u:pw@h:5432/d%3Fssl=false")).hasMessageContaining("one database name");
    assertThatThrownBy(() -> ExternalEndpoint.parse("n1", "redis://alice:pw@h:6379")).hasMessageContaining("default user");
  }
}
