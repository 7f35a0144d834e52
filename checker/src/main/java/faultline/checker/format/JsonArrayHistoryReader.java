package faultline.checker.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;

/**
 * Reads a history written as one JSON array of op maps, as elle-cli and other non-Clojure front
 * ends write it: {@code [{"process":0,"type":"invoke","f":"read","value":null}, ...]}, on one
 * line or pretty-printed. The fields are those of faultline's JSONL; an op without {@code index}
 * is numbered by its position.
 */
final class JsonArrayHistoryReader {
  private final String source;
  private final JsonlHistoryReader ops;

  JsonArrayHistoryReader(String source) {
    this.source = source;
    this.ops = new JsonlHistoryReader(source);
  }

  History read(byte[] bytes) throws MalformedHistoryException {
    History.Builder history = History.builder(source);
    long line = 1;
    SharedValues shared = new SharedValues();
    try (JsonParser p = JsonlHistoryReader.JSON.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_ARRAY) throw bad(1, "expected a JSON array of op objects");
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) throw bad(line, "the JSON array is never closed (truncated?)");
        line = p.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) throw bad(line, "expected an op object such as {\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}");
        history.add(ops.parseObject(p, line, history.size(), shared), line);
      }
      if (p.nextToken() != null) throw bad(p.currentTokenLocation().getLineNr(), "unexpected value after the history's closing ']'");
    } catch (StreamReadException e) {
      throw bad(JsonlHistoryReader.lineOf(e, line), JsonlHistoryReader.problem(e));
    } catch (IOException e) {
      throw bad(line, "unreadable JSON (" + e.getMessage() + ")");
    }
    if (history.size() == 0) throw bad(0, "empty history (no events)");
    return history.build();
  }

  private MalformedHistoryException bad(long line, String problem) {
    return new MalformedHistoryException(source, line, problem);
  }
}
