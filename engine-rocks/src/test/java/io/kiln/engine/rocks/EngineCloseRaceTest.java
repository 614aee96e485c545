package io.kiln.engine.rocks;

import static io.kiln.engine.rocks.EngineKind.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing an engine while other threads read, write and iterate: they either succeed or get an
 * {@link EngineException}; nothing else (for RocksDB: no use of freed native memory, which would
 * kill the JVM).
 */
class EngineCloseRaceTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void closeDuringUseFailsOnlyWithEngineExceptions(EngineKind kind) throws Exception {
    KvEngine engine = kind.open(dir);
    try (WriteBatch b = engine.newWriteBatch()) {
      for (int i = 0; i < 200; i++) {
        b.put(Cf.WRITE, b(String.format("k%03d", i)), b("v"));
      }
      engine.write(b, false);
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch started = new CountDownLatch(3);
    List<Future<Long>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 3; t++) {
        int id = t;
        workers.add(pool.submit(() -> {
          long ops = 0;
          started.countDown();
          try {
            while (true) {
              if (id == 0) {
                try (WriteBatch b = engine.newWriteBatch()) {
                  b.put(Cf.LOCK, b("l" + ops), b("x"));
                  engine.write(b, ops % 10 == 0);
                }
              } else if (id == 1) {
                try (KvSnapshot snap = engine.snapshot();
                    EngineIterator it = snap.iterator(Cf.WRITE, null, null)) {
                  for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
                    it.value();
                  }
                }
              } else {
                engine.get(Cf.WRITE, b("k100"));
              }
              ops++;
            }
          } catch (EngineException expected) {
            return ops;
          }
        }));
      }
      started.await();
      Thread.sleep(150);
      engine.close();
      for (Future<Long> w : workers) {
        assertThat(w.get(30, TimeUnit.SECONDS)).isNotNegative();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
