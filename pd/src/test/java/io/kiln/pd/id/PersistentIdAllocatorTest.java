package io.kiln.pd.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.storage.CountingMetaStorage;
import io.kiln.pd.storage.EngineMetaStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PersistentIdAllocatorTest {

  private final CountingMetaStorage storage = new CountingMetaStorage(new EngineMetaStorage(new MemoryKvEngine()));

  private PersistentIdAllocator start(long step) {
    PersistentIdAllocator ids = new PersistentIdAllocator(storage, step);
    ids.load();
    return ids;
  }

  @Test
  void idsStartAtOneAndIncrease() {
    PersistentIdAllocator ids = start(1000);

    assertThat(ids.alloc()).isEqualTo(1);
    assertThat(ids.alloc()).isEqualTo(2);
    assertThat(ids.alloc()).isEqualTo(3);
  }

  @Test
  void oneDurableWritePerStep() {
    PersistentIdAllocator ids = start(10);

    for (int i = 0; i < 25; i++) {
      ids.alloc();
    }

    assertThat(storage.writes()).isEqualTo(3);
  }

  @Test
  void aRestartContinuesAfterTheWindowSoNoIdRepeats() {
    PersistentIdAllocator ids = start(100);
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seen.add(ids.alloc());
    }

    long afterRestart = start(100).alloc();

    assertThat(afterRestart).isGreaterThan(seen.get(seen.size() - 1)).isEqualTo(101);
    for (int restart = 0; restart < 5; restart++) {
      PersistentIdAllocator again = start(100);
      long id = again.alloc();
      assertThat(id).isGreaterThan(afterRestart);
      afterRestart = again.alloc();
    }
  }

  @Test
  void concurrentCallersGetDistinctIds() throws Exception {
    PersistentIdAllocator ids = start(7);
    Set<Long> all = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            assertThat(all.add(ids.alloc())).isTrue();
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(all).hasSize(2000);
    assertThat(new HashSet<>(all)).allMatch(id -> id >= 1 && id <= 2000);
  }
}
