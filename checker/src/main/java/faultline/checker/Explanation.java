package faultline.checker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finding told as data first and as words second, as Elle's explainers do: {@code type} names
 * the kind of anomaly ("lost-update", "lost-elements", "not-linearizable"), {@code data} holds the
 * facts a program can use (keys, events, values), {@code text} is their rendering for a person.
 */
public record Explanation(String type, Map<String, Object> data, String text) {

  public Explanation {
    data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** A finding that has only words (a checker that keeps no facts beside them). */
  public static Explanation text(String type, String text) {
    return new Explanation(type, Map.of(), text);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.putAll(data);
    out.put("text", text);
    return out;
  }
}
