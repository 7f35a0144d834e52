package faultline.environments.nodes;

import faultline.environments.Credentials;
import faultline.environments.Node;
import faultline.environments.RedisFailover;
import java.io.IOException;

/** {@link RedisFailover} of Redis nodes faultline started: asked directly, on their own addresses. */
record NodeRedisFailover(Mechanism mechanism, Credentials credentials) implements RedisFailover {

  @Override
  public long keysHeldBy(Node node) throws IOException {
    String reply = Resp.text(node.address(), credentials, "DBSIZE");
    try {
      return Long.parseLong(reply);
    } catch (NumberFormatException e) {
      throw new IOException(node.name() + " answered DBSIZE with " + reply);
    }
  }
}
