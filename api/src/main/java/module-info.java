/**
 * Testing your own code with faultline: {@link faultline.api.Faultline} runs your {@link
 * faultline.api.Client} against real servers under faults and checks what happened; {@link
 * faultline.api.FaultlineExtension} does it from JUnit 5 tests; {@link faultline.api.Plans} and
 * {@link faultline.api.PlanCheck} from jqwik properties. Only {@code faultline.api} is exported:
 * the checker, environments, nemesis, workloads and results modules behind it stay internal.
 */
module faultline.api {
  exports faultline.api;

  // Types of the exported signatures: Lettuce's RedisURI, JDBC's DataSource, jqwik's Arbitrary, JUnit's extension.
  requires transitive lettuce.core;
  requires transitive java.sql;
  requires transitive net.jqwik.api;
  requires transitive org.junit.jupiter.api;

  requires com.zaxxer.hikari;
  requires faultline.checker;
  requires faultline.environments;
  requires faultline.nemesis;
  requires faultline.workloads;
  requires faultline.results;
}
