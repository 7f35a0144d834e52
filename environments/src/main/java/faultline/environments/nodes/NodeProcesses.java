package faultline.environments.nodes;

import faultline.environments.Node;
import faultline.environments.ProcessControl;

/** {@link ProcessControl} of nodes faultline started: signals through their hosts to the processes it started there. */
final class NodeProcesses implements ProcessControl {

  @Override
  public void kill(Node node) {
    server(node).kill();
  }

  @Override
  public void start(Node node) {
    server(node).start();
  }

  @Override
  public void pause(Node node) {
    server(node).pause();
  }

  @Override
  public void resume(Node node) {
    server(node).resume();
  }

  private static ServerNode server(Node node) {
    if (node instanceof ServerNode server) return server;
    throw new IllegalArgumentException("node " + node.name() + " is not a server faultline started");
  }
}
