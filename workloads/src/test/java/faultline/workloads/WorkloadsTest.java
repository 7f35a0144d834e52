package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.workloads.cache.CacheAsideVariant;
import faultline.workloads.crossstore.CrossStoreLockVariant;
import faultline.workloads.postgres.ShedLockVariant;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import faultline.workloads.redis.RedissonVariant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The workload registry: each workload and client declared once, and what is derived from it. */
class WorkloadsTest {

  @Test
  void everyClientVariantServesExactlyOneWorkload() {
    List<ClientVariant> declared = new ArrayList<>(List.of(RedisVariant.values()));
    declared.addAll(List.of(PostgresVariant.values()));
    declared.addAll(List.of(RedissonVariant.values()));
    declared.addAll(List.of(CacheAsideVariant.values()));
    declared.addAll(List.of(CrossStoreLockVariant.values()));
    declared.addAll(List.of(ShedLockVariant.values()));
    assertThat(ClientVariants.all()).containsExactlyInAnyOrderElementsOf(declared).doesNotHaveDuplicates();
  }

  @Test
  void namesAreUniqueAcrossWorkloadsAndClients() {
    List<String> names = Stream.concat(Workloads.NAMES.stream(), ClientVariants.all().stream().map(ClientVariant::id)).toList();
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
  }

  @Test
  void eachWorkloadMakesItselfUnderItsOwnName() {
    for (WorkloadKind kind : Workloads.ALL) {
      assertThat(kind.make(new WorkloadKind.Settings(true, true)).name()).isEqualTo(kind.name());
      assertThat(kind.description()).isNotBlank();
      assertThat(kind.clients()).allSatisfy(c -> assertThat(c.description()).isNotBlank());
    }
  }

  /** The defaults as they were before the registry: the first client declared on each database. */
  @ParameterizedTest
  @CsvSource({
      "counter, redis-incrby, pg-update",
      "register, redis-lua-cas, pg-update-where",
      "set, redis-sadd, pg-insert",
      "list-append, redis-multi-append, pg-append",
      "rw-register, redis-multi-register, pg-txn-register",
      "bank, redis-watch-bank, pg-bank",
      "leaderboard, redis-zincrby, pg-leaderboard",
      "jobs, redis-zset-lease, pg-skip-locked"})
  void eachDatabaseHasItsDefaultClient(String workload, String redis, String postgres) {
    assertThat(ClientVariants.defaultFor("redis", workload)).isEqualTo(redis);
    assertThat(ClientVariants.defaultFor("postgres", workload)).isEqualTo(postgres);
    assertThat(ClientVariants.workloadOf(redis)).isEqualTo(workload);
    assertThat(ClientVariants.workloadOf(postgres)).isEqualTo(workload);
  }

  /** A workload need not exist on both databases: asking for the missing one says so, rather than guessing. */
  @Test
  void aWorkloadWithoutAClientOnADatabaseSaysSo() {
    WorkloadKind redisOnly = WorkloadKind.named("redis-only").shows("only on Redis").make(s -> new SetWorkload())
        .clients(RedisVariant.SADD).build();
    assertThat(redisOnly.defaultClient("redis")).contains(RedisVariant.SADD);
    assertThat(redisOnly.defaultClient("postgres")).isEmpty();
  }

  @Test
  void unknownNamesGetTheNearest() {
    assertThatThrownBy(() -> Workloads.kind("regster")).hasMessage("unknown workload 'regster'; did you mean register?");
    assertThatThrownBy(() -> ClientVariants.byId("pg-updte")).hasMessage("unknown client 'pg-updte'; did you mean pg-update?");
  }

  @Test
  void onlyTheCasClientsCompareAndSet() {
    assertThat(ClientVariants.all().stream().filter(ClientVariant::cas).map(ClientVariant::id))
        .containsExactlyInAnyOrder("redis-watch-cas", "redis-lua-cas", "pg-update-where");
  }
}
