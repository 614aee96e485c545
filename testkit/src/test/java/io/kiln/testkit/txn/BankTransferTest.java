package io.kiln.testkit.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.Seeds;
import io.kiln.testkit.net.Filter;
import io.kiln.testkit.net.Partition;
import io.kiln.testkit.net.RandomDrop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bank: 100 accounts, concurrent transactions moving money between two of them, auditors
 * reading every balance in one snapshot, and a nemesis cutting the network (random drops, the
 * leader isolated, a minority partitioned) while they run. The total never changes, in any
 * snapshot, and every acknowledged transfer is in the final balances.
 */
class BankTransferTest {

  private static final int ACCOUNTS = 100;
  private static final long INITIAL = 100;
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("kiln.bank.seconds", 12));

  private static ByteString account(int i) {
    return ByteString.copyFromUtf8(String.format("acct-%03d", i));
  }

  private static byte[] amount(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long amount(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  private record Transfer(int from, int to, long amount) {}

  @Test
  void transfersUnderNetworkFaultsNeverChangeTheTotal() throws Exception {
    long seed = Seeds.clusterSeed();
    System.out.println("[seed] BankTransferTest seed=" + seed + " (re-run with -D" + Seeds.PROPERTY + "=" + seed + ")");
    Tso tso = Tso.systemClock();
    try (Cluster c = TxnClusters.started(seed, 3); TxnStores stores = TxnClusters.stores(c, tso)) {
      TxnDriver setup = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
      Map<ByteString, byte[]> initial = new LinkedHashMap<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        initial.put(account(i), amount(INITIAL));
      }
      setup.commit(setup.begin(), initial);

      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<Transfer> acknowledged = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger aborted = new AtomicInteger();
      AtomicInteger undetermined = new AtomicInteger();
      AtomicInteger audits = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        TxnDriver d = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
        Random rnd = c.newRandom();
        threads.add(new Thread(() -> {
          while (!stop.get()) {
            int from = rnd.nextInt(ACCOUNTS);
            int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amt = 1 + rnd.nextInt(10);
            try {
              long start = d.begin();
              Map<ByteString, byte[]> got = d.batchGet(start, List.of(account(from), account(to)));
              long a = amount(got.get(account(from)));
              long b = amount(got.get(account(to)));
              if (a < amt) {
                continue;
              }
              Map<ByteString, byte[]> w = new LinkedHashMap<>();
              w.put(account(from), amount(a - amt));
              w.put(account(to), amount(b + amt));
              d.commit(start, w);
              acknowledged.add(new Transfer(from, to, amt));
            } catch (TxnDriver.TxnAbortedException e) {
              aborted.incrementAndGet();
            } catch (TxnDriver.TxnUndeterminedException | IllegalStateException e) {
              undetermined.incrementAndGet();
            }
          }
        }, "bank-transfer-" + t));
      }
      TxnDriver auditor = TxnClusters.driver(c, stores, tso, 3000, c.newRandom());
      threads.add(new Thread(() -> {
        while (!stop.get()) {
          try {
            long total = total(auditor, auditor.begin());
            audits.incrementAndGet();
            if (total != ACCOUNTS * INITIAL) {
              violations.add("a snapshot saw a total of " + total);
            }
          } catch (RuntimeException e) {
            // a read that ran out of time under faults: no answer, no violation
          }
        }
      }, "bank-auditor"));
      threads.forEach(Thread::start);

      Random nemesis = c.newRandom();
      long end = System.nanoTime() + RUN.toNanos();
      List<String> faults = new ArrayList<>();
      while (System.nanoTime() < end) {
        Filter f = fault(c, nemesis);
        faults.add(f.toString());
        c.network().setFilters(List.of(f));
        Thread.sleep(500 + nemesis.nextInt(1000));
        c.network().clearFilters();
        Thread.sleep(300 + nemesis.nextInt(500));
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
        assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
      }

      long finalTs = setup.begin();
      Map<ByteString, byte[]> balances = setup.batchGet(finalTs, accounts());
      System.out.printf("bank seed=%d: %d transfers acknowledged, %d aborted, %d undetermined, %d audits, faults %s%n",
          seed, acknowledged.size(), aborted.get(), undetermined.get(), audits.get(), faults);
      assertThat(violations).as("seed %d", seed).isEmpty();
      assertThat(balances).hasSize(ACCOUNTS);
      assertThat(balances.values().stream().mapToLong(BankTransferTest::amount).sum()).isEqualTo(ACCOUNTS * INITIAL);
      assertThat(acknowledged).as("transfers went through despite the faults").isNotEmpty();
      assertThat(audits.get()).isPositive();
      if (undetermined.get() == 0) {
        Map<Integer, Long> expected = new HashMap<>();
        for (Transfer t : acknowledged) {
          expected.merge(t.from(), -t.amount(), Long::sum);
          expected.merge(t.to(), t.amount(), Long::sum);
        }
        for (int i = 0; i < ACCOUNTS; i++) {
          assertThat(amount(balances.get(account(i)))).as("seed %d: account %d holds every acknowledged transfer", seed, i)
              .isEqualTo(INITIAL + expected.getOrDefault(i, 0L));
        }
      }
    }
  }

  private static List<ByteString> accounts() {
    List<ByteString> keys = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      keys.add(account(i));
    }
    return keys;
  }

  private static long total(TxnDriver d, long ts) {
    Map<ByteString, byte[]> all = d.batchGet(ts, accounts());
    if (all.size() != ACCOUNTS) {
      return -all.size();
    }
    return all.values().stream().mapToLong(BankTransferTest::amount).sum();
  }

  /** A random network fault: message drops, the leader isolated, or one store cut off. */
  private static Filter fault(Cluster c, Random rnd) {
    List<Long> ids = new ArrayList<>(c.storeIds());
    switch (rnd.nextInt(3)) {
      case 0:
        return new RandomDrop(0.2, new Random(rnd.nextLong()));
      case 1: {
        long leader = c.leaderOf(Cluster.FIRST_REGION_ID).orElse(ids.get(0));
        List<Long> rest = new ArrayList<>(ids);
        rest.remove(leader);
        return Partition.of(Set.of(leader), Set.copyOf(rest));
      }
      default: {
        Collections.shuffle(ids, rnd);
        return Partition.of(Set.of(ids.get(0)), Set.copyOf(ids.subList(1, ids.size())));
      }
    }
  }
}
