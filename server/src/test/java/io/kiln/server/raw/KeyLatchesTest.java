package io.kiln.server.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyLatchesTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static byte[] k(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void secondHolderWaitsForTheFirstToRelease() throws Exception {
    KeyLatches latches = new KeyLatches(64, pool);
    KeyLatches.Guard first = latches.acquire(List.of(k("a"))).get(1, TimeUnit.SECONDS);
    CompletableFuture<KeyLatches.Guard> second = latches.acquire(List.of(k("a")));
    assertThat(second).isNotDone();
    first.release();
    second.get(1, TimeUnit.SECONDS).release();
  }

  @Test
  void differentSlotsDoNotWait() throws Exception {
    KeyLatches latches = new KeyLatches(64, pool);
    byte[] a = k("a");
    byte[] b = k("b");
    int i = 0;
    while (latches.slotOf(b) == latches.slotOf(a)) {
      b = k("b" + i++);
    }
    latches.acquire(List.of(a)).get(1, TimeUnit.SECONDS);
    assertThat(latches.acquire(List.of(b))).isCompleted();
  }

  @Test
  void releaseTwiceIsHarmless() throws Exception {
    KeyLatches latches = new KeyLatches(8, pool);
    KeyLatches.Guard g = latches.acquire(List.of(k("a"))).get(1, TimeUnit.SECONDS);
    g.release();
    g.release();
    KeyLatches.Guard again = latches.acquire(List.of(k("a"))).get(1, TimeUnit.SECONDS);
    assertThat(latches.acquire(List.of(k("a")))).isNotDone();
    again.release();
  }

  @Test
  void commandsSharingAKeyNeverOverlapAndNoneDeadlocks() throws Exception {
    // few slots, three keys per command: commands overlap each other in every order
    KeyLatches latches = new KeyLatches(4, pool);
    Set<String> inUse = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> names = List.of("x" + (i % 7), "y" + (i % 5), "z" + (i % 3));
      all.add(latches.withLatches(names.stream().map(KeyLatchesTest::k).toList(),
          () -> CompletableFuture.runAsync(() -> {
            for (String n : names) {
              if (!inUse.add(n)) {
                overlaps.incrementAndGet();
              }
            }
            Thread.yield();
            names.forEach(inUse::remove);
          }, pool)));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    assertThat(overlaps).hasValue(0);
  }
}
