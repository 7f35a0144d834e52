package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * list-append on Redis, a list per key: {@code append} by RPUSH, {@code r} by LRANGE 0 -1. A
 * transaction is either MULTI, the micro-ops queued, EXEC (each process on a connection of its
 * own, since MULTI's queue belongs to the connection), or one Lua script that runs them all
 * (atomic on the server). Every key carries the hash tag {@value #TAG}, so that on redis-cluster a
 * transaction's keys share one slot. A transaction of reads only goes where reads go.
 *
 * <p>rw-register ({@code redis-multi-register}, {@code redis-lua-register}) is the same with GET
 * and SET of single values.
 *
 * <p>Outcomes: an error reply (EXECABORT after a refused command, OOM, READONLY) means nothing
 * ran: {@code fail}. A timeout or a broken connection, during EXEC or the script, leaves it
 * {@code info}. Nothing is retried.
 */
final class RedisAppendClient implements Client {
  static final String TAG = "{la}";
  private static final String SCRIPT = """
      local out = {}
      for i, key in ipairs(KEYS) do
        if ARGV[i] == 'r' then
          out[i] = redis.call('LRANGE', key, 0, -1)
        else
          out[i] = redis.call('RPUSH', key, ARGV[i])
        end
      end
      return out""";
  /** Reads only, flagged so, so that a replica runs it. */
  private static final String READ_SCRIPT = "#!lua flags=no-writes\n" + SCRIPT;
  private static final String REGISTER_SCRIPT = """
      local out = {}
      for i, key in ipairs(KEYS) do
        if ARGV[i] == 'r' then
          out[i] = redis.call('GET', key)
        else
          out[i] = redis.call('SET', key, ARGV[i])
        end
      end
      return out""";
  private static final String READ_REGISTER_SCRIPT = "#!lua flags=no-writes\n" + REGISTER_SCRIPT;

  private final RedisConnections redis;
  private final boolean lua;
  private final boolean registers;

  /** @param registers rw-register: {@code r} by GET, {@code w} by SET (keys {@code {la}:r:7}) */
  RedisAppendClient(RedisConnections redis, boolean lua, boolean registers) {
    this.redis = redis;
    this.lua = lua;
    this.registers = registers;
  }

  private String redisKey(Object key) {
    return TAG + (registers ? ":r:" : ":") + key;
  }

  @Override
  public Completion invoke(Invocation op) {
    if (!op.f().equals("txn")) throw new IllegalArgumentException("transactional workloads have no function " + op.f());
    List<?> mops = (List<?>) op.value();
    boolean readOnly = mops.stream().allMatch(m -> ((List<?>) m).get(0).equals("r"));
    String first = redisKey(((List<?>) mops.get(0)).get(1));
    return redis.attempt(() -> {
      RedisCommands<String, String> cmd = readOnly ? redis.reads(first) : redis.writes(first);
      List<?> replies = lua ? script(cmd, mops, readOnly) : multi(cmd, mops);
      if (replies == null) return Completion.fail("EXEC aborted: the transaction was discarded");
      List<Object> done = new ArrayList<>(mops.size());
      for (int i = 0; i < mops.size(); i++) {
        List<?> mop = (List<?>) mops.get(i);
        if (!mop.get(0).equals("r")) {
          done.add(mop);
          continue;
        }
        Object reply = replies.get(i);
        if (registers) {
          done.add(Arrays.asList("r", mop.get(1), reply == null ? null : Long.parseLong(reply.toString())));
          continue;
        }
        List<Long> elements = new ArrayList<>();
        for (Object e : (List<?>) reply) elements.add(Long.parseLong(e.toString()));
        done.add(Arrays.asList("r", mop.get(1), elements));
      }
      if (readOnly) return Completion.ok(done);
      String short_ = redis.awaitReplicas(cmd);
      return short_ == null ? Completion.ok(done) : Completion.info(short_);
    });
  }

  /** MULTI, each micro-op queued, EXEC; null when EXEC discarded the transaction. */
  private List<?> multi(RedisCommands<String, String> cmd, List<?> mops) {
    cmd.multi();
    try {
      for (Object m : mops) {
        List<?> mop = (List<?>) m;
        String key = redisKey(mop.get(1));
        boolean read = mop.get(0).equals("r");
        if (registers) {
          if (read) cmd.get(key);
          else cmd.set(key, mop.get(2).toString());
        } else if (read) {
          cmd.lrange(key, 0, -1);
        } else {
          cmd.rpush(key, mop.get(2).toString());
        }
      }
    } catch (RedisCommandExecutionException refused) {
      // A command refused while queued: EXEC would answer EXECABORT; DISCARD leaves the connection clean.
      cmd.discard();
      throw refused;
    }
    TransactionResult result = cmd.exec();
    if (result.wasDiscarded()) return null;
    for (Object reply : result) {
      if (reply instanceof Exception e) throw new IllegalStateException("a command inside EXEC failed after others ran: " + e.getMessage());
    }
    return result.stream().toList();
  }

  private List<?> script(RedisCommands<String, String> cmd, List<?> mops, boolean readOnly) {
    String[] keys = new String[mops.size()];
    String[] args = new String[mops.size()];
    for (int i = 0; i < keys.length; i++) {
      List<?> mop = (List<?>) mops.get(i);
      keys[i] = redisKey(mop.get(1));
      args[i] = mop.get(0).equals("r") ? "r" : mop.get(2).toString();
    }
    String script = registers ? (readOnly ? READ_REGISTER_SCRIPT : REGISTER_SCRIPT) : readOnly ? READ_SCRIPT : SCRIPT;
    return cmd.eval(script, ScriptOutputType.MULTI, keys, args);
  }

  @Override
  public void close() {
    redis.close();
  }
}
