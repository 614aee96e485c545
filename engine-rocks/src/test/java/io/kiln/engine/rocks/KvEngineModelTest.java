package io.kiln.engine.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both engines against a model (a TreeMap per column family in unsigned byte order), over random
 * batches (puts, deletes, range deletions, save points), snapshots, point reads and iterator walks
 * with random bounds, seeks and direction changes. Keys are short and drawn from bytes that
 * exercise the signed/unsigned boundary, so operations collide often.
 *
 * <p>Runs seeds 1..{@code kiln.engine.seeds} (default 4); {@code -Dkiln.engine.seed=N} runs seed
 * N only. Every failure names its seed.
 */
class KvEngineModelTest {

  private static final int OPS = Integer.getInteger("kiln.engine.ops", 1_500);
  private static final int[] KEY_BYTES = {0x00, 0x01, 0x02, 0x7F, 0x80, 0x81, 0xFE, 0xFF};
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  @Test
  void enginesAgreeWithTheModel() {
    String one = System.getProperty("kiln.engine.seed");
    List<Long> seeds = new ArrayList<>();
    if (one != null && !one.isBlank()) {
      seeds.add(Long.parseLong(one.trim()));
    } else {
      for (long s = 1; s <= Long.getLong("kiln.engine.seeds", 4); s++) {
        seeds.add(s);
      }
    }
    for (long seed : seeds) {
      System.out.println("KvEngineModelTest: seed " + seed + " (" + OPS
          + " ops; replay with -Dkiln.engine.seed=" + seed + ")");
      try {
        new Run(seed, dir.resolve("seed-" + seed)).run();
      } catch (Throwable t) {
        throw new AssertionError("seed " + seed + " failed; replay with mvn -o -pl engine,engine-rocks -am verify "
            + "-Dtest=KvEngineModelTest -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.engine.seed="
            + seed + ": " + t.getMessage(), t);
      }
    }
  }

  private static NavigableMap<byte[], byte[]> newModel() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  /** One seeded run: the engines, the model and the open snapshots with their model copies. */
  private static final class Run {
    private final Random random;
    private final List<KvEngine> engines = new ArrayList<>();
    private final Map<String, NavigableMap<byte[], byte[]>> model = new TreeMap<>();
    private final List<List<KvSnapshot>> snapshots = new ArrayList<>();
    private final List<Map<String, NavigableMap<byte[], byte[]>>> snapshotModels = new ArrayList<>();

    Run(long seed, Path dir) {
      random = new Random(seed);
      engines.add(EngineKind.MEMORY.open(dir));
      engines.add(EngineKind.ROCKS.open(dir));
      for (String cf : Cf.ALL) {
        model.put(cf, newModel());
      }
    }

    void run() {
      try {
        for (int op = 0; op < OPS; op++) {
          int dice = random.nextInt(100);
          String context = "op " + op;
          if (dice < 40) {
            writeBatch();
          } else if (dice < 55) {
            pointReads(context);
          } else if (dice < 80) {
            iterate(context);
          } else if (dice < 88) {
            takeSnapshot();
          } else if (dice < 93) {
            closeSnapshot();
          } else {
            checkSnapshot(context);
          }
        }
        for (int i = 0; i < snapshots.size(); i++) {
          checkSnapshot(i, "end");
        }
      } finally {
        snapshots.forEach(list -> list.forEach(KvSnapshot::close));
        engines.forEach(KvEngine::close);
      }
    }

    private byte[] key() {
      byte[] k = new byte[random.nextInt(4)];
      for (int i = 0; i < k.length; i++) {
        k[i] = (byte) KEY_BYTES[random.nextInt(KEY_BYTES.length)];
      }
      return k;
    }

    private String cf() {
      return Cf.ALL.get(random.nextInt(random.nextInt(4) == 0 ? Cf.ALL.size() : 2));
    }

    /** A random batch, mirrored op by op into a copy of the model (save points included). */
    private void writeBatch() {
      List<WriteBatch> batches = engines.stream().map(KvEngine::newWriteBatch).toList();
      Map<String, NavigableMap<byte[], byte[]>> next = copy(model);
      List<Map<String, NavigableMap<byte[], byte[]>>> savePoints = new ArrayList<>();
      int ops = 1 + random.nextInt(8);
      for (int i = 0; i < ops; i++) {
        int dice = random.nextInt(100);
        String cf = cf();
        if (dice < 50) {
          byte[] k = key();
          byte[] v = new byte[random.nextInt(6)];
          random.nextBytes(v);
          batches.forEach(b -> b.put(cf, k, v));
          next.get(cf).put(k, v);
        } else if (dice < 70) {
          byte[] k = key();
          batches.forEach(b -> b.delete(cf, k));
          next.get(cf).remove(k);
        } else if (dice < 82) {
          byte[] s = key();
          byte[] e = key();
          if (Arrays.compareUnsigned(s, e) > 0) {
            byte[] t = s;
            s = e;
            e = t;
          }
          byte[] start = s;
          byte[] end = e;
          batches.forEach(b -> b.deleteRange(cf, start, end));
          next.get(cf).subMap(start, true, end, false).clear();
        } else if (dice < 91) {
          batches.forEach(WriteBatch::setSavePoint);
          savePoints.add(copy(next));
        } else if (!savePoints.isEmpty()) {
          batches.forEach(WriteBatch::rollbackToSavePoint);
          next = savePoints.remove(savePoints.size() - 1);
        }
      }
      long count = batches.get(0).count();
      long size = batches.get(0).dataSize();
      boolean sync = random.nextInt(20) == 0;
      for (int i = 0; i < engines.size(); i++) {
        assertThat(batches.get(i).count()).as("count").isEqualTo(count);
        assertThat(batches.get(i).dataSize()).as("dataSize").isEqualTo(size);
        engines.get(i).write(batches.get(i), sync);
        batches.get(i).close();
      }
      model.clear();
      model.putAll(next);
    }

    private void pointReads(String context) {
      for (int i = 0; i < 5; i++) {
        String cf = cf();
        byte[] k = key();
        byte[] expected = model.get(cf).get(k);
        for (KvEngine e : engines) {
          assertThat(e.get(cf, k)).as("%s: %s get %s %s", context, e, cf, hex(k)).isEqualTo(expected);
        }
      }
    }

    private void iterate(String context) {
      String cf = cf();
      byte[] lower = random.nextInt(3) == 0 ? null : key();
      byte[] upper = random.nextInt(3) == 0 ? null : key();
      List<EngineIterator> its = new ArrayList<>();
      for (KvEngine e : engines) {
        its.add(e.iterator(cf, lower, upper));
      }
      walk(context + " iterator " + cf + " [" + hex(lower) + ", " + hex(upper) + ")", its,
          model.get(cf), lower, upper);
    }

    private void takeSnapshot() {
      if (snapshots.size() >= 4) {
        return;
      }
      snapshots.add(engines.stream().map(KvEngine::snapshot).toList());
      snapshotModels.add(copy(model));
    }

    private void closeSnapshot() {
      if (snapshots.isEmpty()) {
        return;
      }
      int i = random.nextInt(snapshots.size());
      snapshots.remove(i).forEach(KvSnapshot::close);
      snapshotModels.remove(i);
    }

    private void checkSnapshot(String context) {
      if (!snapshots.isEmpty()) {
        checkSnapshot(random.nextInt(snapshots.size()), context);
      }
    }

    private void checkSnapshot(int i, String context) {
      String cf = cf();
      NavigableMap<byte[], byte[]> m = snapshotModels.get(i).get(cf);
      byte[] k = key();
      for (KvSnapshot snap : snapshots.get(i)) {
        assertThat(snap.get(cf, k)).as("%s: snapshot %d get %s %s", context, i, cf, hex(k))
            .isEqualTo(m.get(k));
      }
      byte[] lower = random.nextBoolean() ? null : key();
      byte[] upper = random.nextBoolean() ? null : key();
      List<EngineIterator> its = new ArrayList<>();
      for (KvSnapshot snap : snapshots.get(i)) {
        its.add(snap.iterator(cf, lower, upper));
      }
      walk(context + " snapshot " + i + " iterator " + cf + " [" + hex(lower) + ", " + hex(upper) + ")",
          its, m, lower, upper);
    }

    /** Moves every iterator the same random way and checks each position against the model. */
    private void walk(String context, List<EngineIterator> its, NavigableMap<byte[], byte[]> all,
        byte[] lower, byte[] upper) {
      NavigableMap<byte[], byte[]> view = bounded(all, lower, upper);
      try {
        byte[] expected = null;
        int steps = 1 + random.nextInt(12);
        for (int step = 0; step < steps; step++) {
          int dice = random.nextInt(100);
          String what;
          if (expected == null || dice < 25) {
            int seek = random.nextInt(4);
            byte[] target = key();
            switch (seek) {
              case 0 -> {
                what = "seekToFirst";
                expected = view.isEmpty() ? null : view.firstKey();
                its.forEach(EngineIterator::seekToFirst);
              }
              case 1 -> {
                what = "seekToLast";
                expected = view.isEmpty() ? null : view.lastKey();
                its.forEach(EngineIterator::seekToLast);
              }
              case 2 -> {
                what = "seek " + hex(target);
                expected = view.ceilingKey(target);
                its.forEach(it -> it.seek(target));
              }
              default -> {
                what = "seekForPrev " + hex(target);
                expected = view.floorKey(target);
                its.forEach(it -> it.seekForPrev(target));
              }
            }
          } else if (dice < 65) {
            what = "next from " + hex(expected);
            expected = view.higherKey(expected);
            its.forEach(EngineIterator::next);
          } else {
            what = "prev from " + hex(expected);
            expected = view.lowerKey(expected);
            its.forEach(EngineIterator::prev);
          }
          for (EngineIterator it : its) {
            String where = context + ", step " + step + " " + what;
            if (expected == null) {
              assertThat(it.valid()).as(where + ": expected the end, at " + (it.valid() ? hex(it.key()) : "")).isFalse();
            } else {
              assertThat(it.valid()).as(where + ": expected " + hex(expected)).isTrue();
              assertThat(hex(it.key())).as(where).isEqualTo(hex(expected));
              assertThat(it.value()).as(where + " value").isEqualTo(view.get(expected));
            }
          }
        }
      } finally {
        its.forEach(EngineIterator::close);
      }
    }

    private static NavigableMap<byte[], byte[]> bounded(NavigableMap<byte[], byte[]> m,
        byte[] lower, byte[] upper) {
      if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) >= 0) {
        return newModel();
      }
      if (lower != null && upper != null) {
        return m.subMap(lower, true, upper, false);
      }
      if (lower != null) {
        return m.tailMap(lower, true);
      }
      if (upper != null) {
        return m.headMap(upper, false);
      }
      return m;
    }

    private static Map<String, NavigableMap<byte[], byte[]>> copy(
        Map<String, NavigableMap<byte[], byte[]>> m) {
      Map<String, NavigableMap<byte[], byte[]>> out = new TreeMap<>();
      m.forEach((cf, map) -> {
        NavigableMap<byte[], byte[]> c = newModel();
        c.putAll(map);
        out.put(cf, c);
      });
      return out;
    }

    private static String hex(byte[] b) {
      return b == null ? "null" : "'" + HEX.formatHex(b) + "'";
    }
  }
}
