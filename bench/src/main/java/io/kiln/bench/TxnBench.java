package io.kiln.bench;

import com.google.protobuf.ByteString;
import io.kiln.raftstore.RaftStoreConfig;
import io.kiln.storage.StorageConfig;
import io.kiln.testkit.Cluster;
import io.kiln.testkit.EngineFactory;
import io.kiln.testkit.txn.Tso;
import io.kiln.testkit.txn.TxnDriver;
import io.kiln.testkit.txn.TxnStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Transactions per second of small transactions on a 3-store in-process cluster (RocksDB with
 * fsync; stores joined by the testkit's in-process network): N closed-loop clients, each running
 * transactions that write 2 random keys of a large key space (few conflicts) through the full
 * path: Storage, Scheduler, latches, MVCC commands, raft. One transaction is a TSO, a prewrite of
 * both keys, the commit of the primary, then the commit of the secondary: three raft writes.
 *
 * <p>Run: {@code java -cp bench/target/kiln-benchmarks.jar io.kiln.bench.TxnBench [clients=1,64]
 * [seconds=10] [valueSize=100]}
 */
public final class TxnBench {

  public static void main(String[] args) throws Exception {
    String[] clientCounts = (args.length > 0 ? args[0] : "1,64").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int valueSize = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    System.out.printf("transaction benchmark: 3 stores, RocksDB with fsync, 2-key transactions, %d B values,"
        + " %d s per run%n", valueSize, seconds);
    System.out.println("clients,txn_per_s,p50_us,p90_us,p99_us,p999_us,aborted,failed");
    for (String c : clientCounts) {
      run(Integer.parseInt(c.trim()), seconds, valueSize);
    }
    System.exit(0);
  }

  static void run(int clients, int seconds, int valueSize) throws Exception {
    Tso tso = Tso.systemClock();
    try (Cluster cluster = Cluster.builder().stores(3).seed(42).engines(EngineFactory.rocksdb())
        .config(RaftStoreConfig.forTests()).build()) {
      cluster.start();
      cluster.waitForLeader(Cluster.FIRST_REGION_ID, Duration.ofSeconds(10));
      StorageConfig storage = new StorageConfig(65_536, 4, 100L << 20, 2);
      try (TxnStores stores = new TxnStores(cluster, tso, storage)) {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong committed = new AtomicLong();
        AtomicLong aborted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] value = new byte[valueSize];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
          Random rnd = new Random(t);
          TxnDriver d = new TxnDriver(cluster, stores, tso, Duration.ofSeconds(10), 3000, new Random(t + 1000));
          threads.add(new Thread(() -> {
            while (!stop.get()) {
              Map<ByteString, byte[]> w = new LinkedHashMap<>();
              w.put(ByteString.copyFromUtf8("bench-" + rnd.nextInt(1_000_000)), value);
              w.put(ByteString.copyFromUtf8("bench-" + rnd.nextInt(1_000_000)), value);
              long t0 = System.nanoTime();
              try {
                d.commit(d.begin(), w);
                if (measuring.get()) {
                  latency.recordValue((System.nanoTime() - t0) / 1000);
                  committed.incrementAndGet();
                }
              } catch (TxnDriver.TxnAbortedException e) {
                aborted.incrementAndGet();
              } catch (RuntimeException e) {
                failed.incrementAndGet();
              }
            }
          }, "txn-bench-" + t));
        }
        threads.forEach(Thread::start);
        Thread.sleep(2000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
          t.join();
        }
        System.out.printf("%d,%.0f,%d,%d,%d,%d,%d,%d%n", clients, committed.get() / elapsed,
            latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
            latency.getValueAtPercentile(99.9), aborted.get(), failed.get());
      }
    }
  }
}
