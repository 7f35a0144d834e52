package faultline.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code faultline --version}, from the jar's manifest when built. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Faultline.class.getPackage().getImplementationVersion();
    return new String[] {"faultline " + (v == null ? "(development build)" : v)};
  }
}
