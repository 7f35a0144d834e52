package faultline.environments.host;

/** The signals node code sends: kill, and freeze and thaw, as Jepsen's kill and pause nemeses. */
public enum Signal {
  KILL,
  STOP,
  CONT;

  /** The name kill(1) takes: "KILL", "STOP", "CONT". */
  public String killName() {
    return name();
  }
}
