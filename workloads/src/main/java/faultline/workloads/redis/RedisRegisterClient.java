package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Objects;

/**
 * register on Redis: {@code read} by GET, {@code write} by SET, and {@code cas [from to]} either
 * optimistically (WATCH, GET, MULTI, SET, EXEC: EXEC aborts when the key changed after WATCH) or
 * by a Lua script that compares and sets in one step. A cas whose expected value is not there, or
 * whose EXEC aborted, certainly did nothing: {@code fail}.
 */
final class RedisRegisterClient implements Client {
  private static final String CAS_SCRIPT = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
      end
      return 0""";

  private final RedisConnections redis;
  private final RedisVariant variant;

  RedisRegisterClient(RedisConnections redis, RedisVariant variant) {
    this.redis = redis;
    this.variant = variant;
  }

  @Override
  public Completion invoke(Invocation op) {
    return redis.attempt(() -> switch (op.f()) {
      case "read" -> {
        String v = redis.reads(op.key()).get(op.key());
        yield Completion.ok(v == null ? null : Long.parseLong(v));
      }
      case "write" -> {
        var writes = redis.writes(op.key());
        writes.set(op.key(), op.value().toString());
        yield afterWrite(writes, op.value());
      }
      case "cas" -> cas(op);
      default -> throw new IllegalArgumentException("register has no function " + op.f());
    });
  }

  private Completion cas(Invocation op) {
    List<?> fromTo = (List<?>) op.value();
    String from = fromTo.get(0).toString();
    String to = fromTo.get(1).toString();
    RedisCommands<String, String> cmd = redis.writes(op.key());
    switch (variant) {
      case LUA_CAS -> {
        Long applied = cmd.eval(CAS_SCRIPT, ScriptOutputType.INTEGER, new String[] {op.key()}, from, to);
        return applied == 1L ? afterWrite(cmd, op.value()) : Completion.fail("cas: value was not " + from);
      }
      case WATCH_CAS -> {
        cmd.watch(op.key());
        String current = cmd.get(op.key());
        if (!Objects.equals(current, from)) {
          cmd.unwatch();
          return Completion.fail("cas: value was " + (current == null ? "nil" : current) + ", not " + from);
        }
        cmd.multi();
        cmd.set(op.key(), to);
        TransactionResult result = cmd.exec();
        return result.wasDiscarded() ? Completion.fail("cas: EXEC aborted, the key changed after WATCH") : afterWrite(cmd, op.value());
      }
      default -> throw new IllegalArgumentException(variant.id() + " has no cas");
    }
  }

  private Completion afterWrite(RedisCommands<String, String> wrote, Object value) {
    String short_ = redis.awaitReplicas(wrote);
    return short_ == null ? Completion.ok(value) : Completion.info(short_);
  }

  @Override
  public void close() {
    redis.close();
  }
}
