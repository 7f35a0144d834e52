package faultline.environments.local;

import faultline.environments.Node;
import faultline.environments.ProcessControl;

/** {@link ProcessControl} of a local environment: signals to the processes it started itself. */
final class LocalProcesses implements ProcessControl {

  @Override
  public void kill(Node node) {
    local(node).kill();
  }

  @Override
  public void start(Node node) {
    local(node).start();
  }

  @Override
  public void pause(Node node) {
    local(node).pause();
  }

  @Override
  public void resume(Node node) {
    local(node).resume();
  }

  private static ServerNode local(Node node) {
    if (node instanceof ServerNode local) return local;
    throw new IllegalArgumentException("node " + node.name() + " is not a process of this machine's environment");
  }
}
