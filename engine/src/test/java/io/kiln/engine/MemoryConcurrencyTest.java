package io.kiln.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readers on other threads never see half a batch: one writer keeps writing the same counter to
 * every key in one batch (and deleting a range of extra keys), while readers check that every
 * snapshot, iterator and point read agrees on one counter.
 */
class MemoryConcurrencyTest {

  private static final int KEYS = 16;

  @Test
  void readersSeeWholeBatchesOnly() throws Exception {
    MemoryKvEngine engine = new MemoryKvEngine();
    write(engine, 0);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        for (long n = 1; n <= 3_000; n++) {
          write(engine, n);
        }
        stop.set(true);
        return null;
      });
      List<Future<Long>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          long checks = 0;
          long last = -1;
          while (!stop.get()) {
            try (KvSnapshot snap = engine.snapshot()) {
              long seen = counter(snap.get(Cf.WRITE, key(0)));
              assertThat(seen).isGreaterThanOrEqualTo(last);
              last = seen;
              try (EngineIterator it = snap.iterator(Cf.WRITE, null, null)) {
                int n = 0;
                for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
                  assertThat(counter(it.value())).isEqualTo(seen);
                  n++;
                }
                assertThat(n).isEqualTo(KEYS);
              }
              try (EngineIterator it = snap.iterator(Cf.LOCK, null, null)) {
                int n = 0;
                for (boolean ok = it.seekToLast(); ok; ok = it.prev()) {
                  assertThat(counter(it.value())).isEqualTo(seen);
                  n++;
                }
                assertThat(n).isEqualTo(KEYS / 2);
              }
            }
            assertThat(counter(engine.get(Cf.WRITE, key(KEYS - 1)))).isGreaterThanOrEqualTo(last);
            checks++;
          }
          return checks;
        }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Long> r : readers) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(engine.pins().size()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Writes counter {@code n} to every key of CF write, and to half the keys of CF lock. */
  private static void write(MemoryKvEngine engine, long n) {
    try (WriteBatch b = engine.newWriteBatch()) {
      b.deleteRange(Cf.LOCK, key(0), key(KEYS));
      for (int k = 0; k < KEYS; k++) {
        b.put(Cf.WRITE, key(k), ByteBuffer.allocate(8).putLong(n).array());
        if (k % 2 == (int) (n % 2)) {
          b.put(Cf.LOCK, key(k), ByteBuffer.allocate(8).putLong(n).array());
        }
      }
      engine.write(b, false);
    }
  }

  private static byte[] key(int k) {
    return new byte[] {'k', (byte) k};
  }

  private static long counter(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }
}
