package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import java.util.List;
import java.util.Optional;

/**
 * An environment whose topology a {@link Deployment} laid on its hosts (local, docker, ssh): what
 * it answers about nodes, links, client routes and primaries is the deployment's, the same for
 * every kind. A kind keeps what is its own: its hosts, its Toxiproxy, its capabilities, teardown.
 */
public interface DeployedEnvironment extends Environment {

  /** The deployment, or empty while the environment is still starting (before its nodes are laid). */
  Optional<Deployment> deployment();

  @Override
  default List<Node> nodes() {
    return deployment().map(Deployment::nodes).orElse(List.of());
  }

  @Override
  default List<Link> links() {
    return deployment().map(Deployment::links).orElse(List.of());
  }

  @Override
  default Endpoint clientEndpoint(Node node) {
    return laid().clientEndpoint(node);
  }

  @Override
  default Endpoint clientRoute(Endpoint advertised) {
    return laid().clientRoute(advertised);
  }

  @Override
  default List<Node> primaries() {
    return laid().primaries();
  }

  @Override
  default Optional<Node> primary() {
    return laid().primary();
  }

  private Deployment laid() {
    return deployment().orElseThrow(() -> new IllegalStateException(topology() + " is not laid on its hosts yet"));
  }
}
