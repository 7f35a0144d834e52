package faultline.checker.session;

import faultline.checker.history.Operation;
import faultline.checker.model.Model;
import faultline.checker.model.Models;
import java.util.List;

/**
 * What an operation does to one register-like key, as the session checks see it: it reads a
 * value, or writes one (a cas writes {@code to} over {@code from}). Values are normalised the way
 * the model holds them ({@link Model#NIL} for a register's nil, "" for a missing kv key), so a
 * read of nil matches the initial value.
 *
 * @param from for a cas, the value it replaced; otherwise null
 */
record Access(Kind kind, Object value, Object from) {
  enum Kind { READ, WRITE, UNSUPPORTED }

  boolean isRead() {
    return kind == Kind.READ;
  }

  boolean isWrite() {
    return kind == Kind.WRITE;
  }

  /** Reads {@code op} for the model named {@code model} (register, cas-register or kv). */
  static Access of(String model, Operation op) {
    boolean kv = model.equals("kv");
    return switch (op.f()) {
      case "read" -> kv ? unsupported() : new Access(Kind.READ, Model.held(op.output()), null);
      case "write" -> kv ? unsupported() : new Access(Kind.WRITE, Model.held(op.input()), null);
      case "cas" -> {
        if (kv || !(op.input() instanceof List<?> l) || l.size() != 2) yield unsupported();
        yield new Access(Kind.WRITE, Model.held(l.get(1)), Model.held(l.get(0)));
      }
      case "get" -> kv ? new Access(Kind.READ, text(op.output()), null) : unsupported();
      case "put" -> kv ? new Access(Kind.WRITE, text(op.input()), null) : unsupported();
      // An append's value depends on what was there: it is not a write of a known value.
      default -> unsupported();
    };
  }

  /** Whether {@code model}'s ops read and write whole values ({@link faultline.checker.model.ModelKind#wholeValues}). */
  static boolean supports(String model) {
    return Models.NAMES.contains(model) && Models.kind(model).wholeValues();
  }

  private static Access unsupported() {
    return new Access(Kind.UNSUPPORTED, null, null);
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }
}
