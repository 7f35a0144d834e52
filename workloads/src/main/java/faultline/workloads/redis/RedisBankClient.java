package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.txn.BankWorkload;
import io.lettuce.core.KeyValue;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * bank on Redis with optimistic transactions, as Redis documents them: a transfer WATCHes both
 * accounts, GETs their balances, refuses ({@code fail}) when the source would go below zero, and
 * otherwise queues both SETs in MULTI; EXEC runs them only if neither account changed since WATCH,
 * else it aborts ({@code fail}, nothing written). A read is one MGET of every account, which
 * Redis runs alone. The accounts share a hash tag, so on a cluster they live in one slot.
 */
final class RedisBankClient implements Client {
  private static final String TAG = "{bank}";
  private final RedisConnections redis;

  RedisBankClient(RedisConnections redis) {
    this.redis = redis;
  }

  static String account(long n) {
    return TAG + ":" + n;
  }

  /** Every account at its initial balance, unless some account exists already (MSETNX sets all or none). */
  static void setup(RedisCommands<String, String> cmd) {
    Map<String, String> initial = new LinkedHashMap<>();
    for (long a = 0; a < BankWorkload.ACCOUNTS; a++) initial.put(account(a), Long.toString(BankWorkload.INITIAL_BALANCE));
    cmd.msetnx(initial);
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "read" -> redis.attempt(this::read);
      case "transfer" -> redis.attempt(() -> transfer((Map<?, ?>) op.value()));
      default -> throw new IllegalArgumentException("bank has no function " + op.f());
    };
  }

  private Completion read() {
    String[] keys = new String[BankWorkload.ACCOUNTS];
    for (int a = 0; a < keys.length; a++) keys[a] = account(a);
    List<KeyValue<String, String>> values = redis.reads(keys[0]).mget(keys);
    Map<Long, Long> balances = new TreeMap<>();
    for (int a = 0; a < keys.length; a++) {
      KeyValue<String, String> v = values.get(a);
      // A missing account would break the total: recorded as read, nil, for the checker to judge.
      balances.put((long) a, v.hasValue() ? Long.parseLong(v.getValue()) : null);
    }
    return Completion.ok(balances);
  }

  private Completion transfer(Map<?, ?> t) {
    long from = (Long) t.get("from");
    long to = (Long) t.get("to");
    long amount = (Long) t.get("amount");
    RedisCommands<String, String> cmd = redis.writes(account(from));
    cmd.watch(account(from), account(to));
    String fromValue = cmd.get(account(from));
    String toValue = cmd.get(account(to));
    if (fromValue == null || toValue == null) {
      cmd.unwatch();
      return Completion.fail("account " + (fromValue == null ? from : to) + " does not exist");
    }
    long fromBalance = Long.parseLong(fromValue);
    long toBalance = Long.parseLong(toValue);
    if (fromBalance < amount) {
      cmd.unwatch();
      return Completion.fail("insufficient funds: account " + from + " has " + fromBalance);
    }
    cmd.multi();
    cmd.set(account(from), Long.toString(fromBalance - amount));
    cmd.set(account(to), Long.toString(toBalance + amount));
    TransactionResult result = cmd.exec();
    if (result.wasDiscarded()) return Completion.fail("EXEC aborted: an account changed after WATCH");
    String short_ = redis.awaitReplicas(cmd);
    return short_ == null ? Completion.ok(t) : Completion.info(short_);
  }

  @Override
  public void close() {
    redis.close();
  }
}
