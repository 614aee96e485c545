package io.kiln.pd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.engine.MemoryKvEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineMetaStorageTest {

  private final MemoryKvEngine engine = new MemoryKvEngine();
  private final EngineMetaStorage storage = new EngineMetaStorage(engine);

  @Test
  void writesABatchAndReadsItBack() {
    storage.write(List.of(
        MetaWrite.put(MetaKeys.store(1), bytes("one")),
        MetaWrite.put(MetaKeys.store(2), bytes("two")),
        MetaWrite.put(MetaKeys.region(1), bytes("region"))));

    assertThat(storage.get(MetaKeys.store(1))).isEqualTo(bytes("one"));
    assertThat(storage.get(MetaKeys.store(3))).isNull();
    assertThat(storage.scan(MetaKeys.STORE_PREFIX)).extracting(MetaEntry::value)
        .containsExactly(bytes("one"), bytes("two"));
  }

  @Test
  void deletesAndPutsInOneBatchApplyInOrder() {
    storage.put(MetaKeys.store(1), bytes("old"));

    storage.write(List.of(MetaWrite.delete(MetaKeys.store(1)), MetaWrite.put(MetaKeys.store(2), bytes("new"))));

    assertThat(storage.get(MetaKeys.store(1))).isNull();
    assertThat(storage.scan(MetaKeys.STORE_PREFIX)).extracting(MetaEntry::value).containsExactly(bytes("new"));
  }

  @Test
  void scanOrdersByNumberAndStaysInsideThePrefix() {
    storage.put(MetaKeys.store(10), bytes("10"));
    storage.put(MetaKeys.store(9), bytes("9"));
    storage.put(MetaKeys.CLUSTER, bytes("cluster"));
    storage.put(MetaKeys.region(1), bytes("r"));

    assertThat(storage.scan(MetaKeys.STORE_PREFIX)).extracting(MetaEntry::value)
        .containsExactly(bytes("9"), bytes("10"));
  }

  @Test
  void prefixEndIsTheFirstKeyAfterThePrefix() {
    assertThat(MetaKeys.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
    assertThat(MetaKeys.prefixEnd(new byte[] {1, (byte) 0xff})).containsExactly(2);
    assertThat(MetaKeys.prefixEnd(new byte[] {(byte) 0xff})).isNull();
  }

  @Test
  void longsRoundTrip() {
    for (long value : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
      assertThat(MetaKeys.decodeLong(MetaKeys.encodeLong(value))).isEqualTo(value);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
