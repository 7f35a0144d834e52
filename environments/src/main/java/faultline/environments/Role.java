package faultline.environments;

/** What a node was started as. A failover or a promotion changes who is primary, not this. */
public enum Role {
  PRIMARY,
  REPLICA,
  SENTINEL
}
