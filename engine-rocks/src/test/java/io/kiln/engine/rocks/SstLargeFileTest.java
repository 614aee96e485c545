package io.kiln.engine.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A region snapshot can be gigabytes, so SST files are written and read as streams. Here 50 MiB
 * files (51,200 random, incompressible values of 1 KiB) are written, read back and ingested under
 * the test JVM's heap; and a child JVM with a 24 MiB heap writes and reads such a file with each
 * engine, which it could not do if either buffered the whole file. Values are regenerated from the
 * seed (printed) instead of being kept.
 */
class SstLargeFileTest {

  static final int ENTRIES = 50 * 1024;
  static final int VALUE_SIZE = 1024;
  static final long SEED = 20_260_101L;
  /** Values that fit in the pool of random bytes, whatever their offset. */
  private static final int POOL_VALUES = (4 << 20) / VALUE_SIZE - 1;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void aFiftyMegabyteFileIsWrittenReadBackAndIngested(EngineKind kind) {
    System.out.println("SstLargeFileTest " + kind + ": seed " + SEED);
    try (KvEngine engine = kind.open(dir)) {
      Path file = dir.resolve("large.sst");
      long size = writeLarge(engine, file, SEED);
      assertThat(size).isGreaterThan((long) ENTRIES * VALUE_SIZE);
      try (EngineIterator it = engine.sstFileIterator(file)) {
        assertThat(checkLarge(it, SEED)).isEqualTo(ENTRIES);
      }

      engine.ingest(Cf.DEFAULT, java.util.List.of(file));

      try (EngineIterator it = engine.iterator(Cf.DEFAULT, null, null)) {
        assertThat(checkLarge(it, SEED)).isEqualTo(ENTRIES);
      }
    }
  }

  @Test
  void aChildJvmWithA24MegabyteHeapStreamsFiftyMegabyteFiles() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx24m", "-cp", System.getProperty("java.class.path"),
        SstLargeFileTest.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isEqualTo(0);
    assertThat(output).contains("MEMORY ok", "ROCKS ok");
  }

  /** The child: with each engine, writes a large file and reads it back. Exit code 0: all went well. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    for (EngineKind kind : EngineKind.values()) {
      try (KvEngine engine = kind.open(dir.resolve("child-" + kind))) {
        Path file = dir.resolve("child-" + kind + ".sst");
        long size = writeLarge(engine, file, SEED);
        long read;
        try (EngineIterator it = engine.sstFileIterator(file)) {
          read = checkLarge(it, SEED);
        }
        if (read != ENTRIES || size <= (long) ENTRIES * VALUE_SIZE) {
          System.out.println(kind + " failed: " + read + " entries, " + size + " bytes");
          System.exit(1);
        }
        System.out.println(kind + " ok: " + size + " bytes, max heap "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
      }
    }
    System.exit(0);
  }

  /** Writes the file of {@code seed}; returns its size. */
  static long writeLarge(KvEngine engine, Path file, long seed) {
    byte[] pool = pool(seed);
    try (SstWriter w = engine.newSstWriter(Cf.DEFAULT, file)) {
      for (int i = 0; i < ENTRIES; i++) {
        int from = offset(i);
        w.put(key(i), Arrays.copyOfRange(pool, from, from + VALUE_SIZE));
      }
      return w.finish();
    }
  }

  /** Scans {@code it} from the first key, checking each entry against {@code seed}'s; returns the count. */
  static long checkLarge(EngineIterator it, long seed) {
    byte[] pool = pool(seed);
    int n = 0;
    for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
      byte[] value = it.value();
      int from = offset(n);
      if (!Arrays.equals(it.key(), key(n))
          || !Arrays.equals(value, 0, value.length, pool, from, from + VALUE_SIZE)) {
        throw new AssertionError("entry " + n + " differs (seed " + seed + ")");
      }
      n++;
    }
    return n;
  }

  /**
   * 4 MiB of random bytes; value {@code i} is the 1 KiB at {@link #offset}. Neighbouring values
   * are disjoint parts of it, so a data block does not compress.
   */
  private static byte[] pool(long seed) {
    byte[] pool = new byte[4 << 20];
    new Random(seed).nextBytes(pool);
    return pool;
  }

  private static int offset(int i) {
    return (int) ((i * 1031L) % (POOL_VALUES * VALUE_SIZE));
  }

  private static byte[] key(int i) {
    byte[] key = {'z', 'k', '0', '0', '0', '0', '0', '0', '0', '0'};
    for (int p = key.length - 1; i > 0; p--, i /= 10) {
      key[p] = (byte) ('0' + i % 10);
    }
    return key;
  }
}
