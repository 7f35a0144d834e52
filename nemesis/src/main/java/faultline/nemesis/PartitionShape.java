package faultline.nemesis;

import faultline.checker.UnknownName;
import java.util.Arrays;

/** The partitions a {@link PartitionNemesis} makes, by the names users type. */
public enum PartitionShape {
  /** One data node cut from every other node. */
  ISOLATE("isolate"),
  /** The current primary in a minority: with it, as many random others as keep its side smaller. */
  PRIMARY("primary"),
  /** The nodes shuffled and cut in two, the smaller half first. */
  HALVES("halves"),
  /** Every node sees a majority, no two the same one ({@link Grudge#majoritiesRing}). */
  RING("ring"),
  /** One of the others, at random, among those the topology can express. */
  RANDOM("random");

  private final String id;

  PartitionShape(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static PartitionShape byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(UnknownName.message("partition", id, Arrays.stream(values()).map(PartitionShape::id).toList())));
  }
}
