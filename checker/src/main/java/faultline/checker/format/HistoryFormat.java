package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;

/** The history formats faultline reads: its own JSONL, Jepsen EDN, and Jepsen log lines. */
public enum HistoryFormat {
  JSONL("jsonl"),
  EDN("edn"),
  JEPSEN_LOG("jepsen-log");

  private final String label;

  HistoryFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static HistoryFormat ofLabel(String label) {
    for (HistoryFormat f : values()) if (f.label.equals(label)) return f;
    return null;
  }

  /** Reads {@code text} (the whole file) in this format; {@code source} names it in errors. */
  public History read(String source, String text) throws MalformedHistoryException {
    return switch (this) {
      case JSONL -> new JsonlHistoryReader(source).read(text);
      case EDN -> new EdnHistoryReader(source).read(text);
      case JEPSEN_LOG -> new JepsenLogReader(source).read(text);
    };
  }
}
