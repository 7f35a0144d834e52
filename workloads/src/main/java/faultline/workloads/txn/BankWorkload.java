package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.txn.TransactionalCheckers;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Jepsen's bank: {@value #ACCOUNTS} accounts of {@value #INITIAL_BALANCE} each; half the ops are
 * transfers of 1 to {@value #MAX_TRANSFER} between two different accounts (refused, {@code fail},
 * when the source would go below zero), half read every balance in one transaction. Transfers
 * neither make nor destroy money, so every read must show the same total, and none a negative
 * balance. The accounts are fixed, so {@code --keys} and {@code --ops-per-key} do not apply.
 */
public final class BankWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("bank")
      .shows("Jepsen's bank: transfers between " + BankWorkload.ACCOUNTS + " accounts and reads of every balance; every read must show the same total and no negative balance")
      .without("--keys", "its transfers span every account")
      .without("--ops-per-key", "its transfers span every account")
      .make(settings -> new BankWorkload())
      .clients(RedisVariant.WATCH_BANK, PostgresVariant.BANK, PostgresVariant.BANK_LEDGER)
      .build();

  public static final int ACCOUNTS = 8;
  public static final long INITIAL_BALANCE = 10;
  public static final long TOTAL = ACCOUNTS * INITIAL_BALANCE;
  static final int MAX_TRANSFER = 5;

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "";
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of("bank", TransactionalCheckers.bank(TOTAL));
  }

  @Override
  public boolean finalReads() {
    return false;
  }

  @Override
  public KeyOps newKey(String key) {
    throw new UnsupportedOperationException("bank ops span accounts; see spanning()");
  }

  @Override
  public Spanning spanning(int keysInFlight, int writesPerKey) {
    return new Spanning() {
      @Override
      public Invocation next(SplittableRandom random) {
        if (random.nextBoolean()) return new Invocation("read", null, null);
        long from = random.nextInt(ACCOUNTS);
        long to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        Map<String, Object> transfer = new LinkedHashMap<>();
        transfer.put("from", from);
        transfer.put("to", to);
        transfer.put("amount", 1L + random.nextInt(MAX_TRANSFER));
        return new Invocation("transfer", null, transfer);
      }

      @Override
      public int keysUsed() {
        return ACCOUNTS;
      }
    };
  }
}
