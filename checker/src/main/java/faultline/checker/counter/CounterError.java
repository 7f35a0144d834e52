package faultline.checker.counter;

import faultline.checker.history.Values;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read outside its bounds: the proof of an anomaly, with the events that make it.
 *
 * @param invokeIndex the read's invocation event
 * @param completeIndex the read's completion event
 * @param lower what had been acknowledged before the read began
 * @param upper what may have been added before the read ended
 */
public record CounterError(Object key, Object process, long invokeIndex, long completeIndex, BigInteger value, BigInteger lower, BigInteger upper) {

  public boolean lostUpdate() {
    return value.compareTo(lower) < 0;
  }

  /** One sentence a person can check against the history. */
  public String explain() {
    String read = "key " + Values.show(key) + ": process " + process + "'s read (events " + invokeIndex + "-" + completeIndex
        + ") returned " + value;
    if (lostUpdate()) {
      return read + ", but " + lower + " had been acknowledged before it began: increments totalling at least "
          + lower.subtract(value) + " were lost";
    }
    return read + ", but at most " + upper + " had been added by the time it ended: " + value.subtract(upper)
        + " counted that nobody added";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("process", process);
    out.put("events", List.of(invokeIndex, completeIndex));
    out.put("read", value);
    out.put("expected-at-least", lower);
    out.put("expected-at-most", upper);
    out.put("anomaly", lostUpdate() ? "lost-update" : "phantom-increment");
    out.put("explanation", explain());
    return out;
  }
}
