package io.kiln.pd.storage;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link MetaStorage} over a local {@link KvEngine} (column family {@code default}): RocksDB in
 * production (the {@code cli} module hands PD a {@code RocksKvEngine}), {@code MemoryKvEngine} in
 * tests. Every batch is written with sync, so it is durable when {@link #write} returns. The
 * engine belongs to the caller, who closes it.
 */
public final class EngineMetaStorage implements MetaStorage {

  private final KvEngine engine;

  public EngineMetaStorage(KvEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public byte[] get(byte[] key) {
    return engine.get(Cf.DEFAULT, key);
  }

  @Override
  public List<MetaEntry> scan(byte[] prefix) {
    List<MetaEntry> entries = new ArrayList<>();
    try (EngineIterator it = engine.iterator(Cf.DEFAULT, prefix, MetaKeys.prefixEnd(prefix))) {
      for (boolean ok = it.seek(prefix); ok; ok = it.next()) {
        entries.add(new MetaEntry(it.key(), it.value()));
      }
    }
    return entries;
  }

  @Override
  public void write(List<MetaWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    try (WriteBatch batch = engine.newWriteBatch()) {
      for (MetaWrite write : writes) {
        if (write instanceof MetaWrite.Put put) {
          batch.put(Cf.DEFAULT, put.key(), put.value());
        } else {
          batch.delete(Cf.DEFAULT, write.key());
        }
      }
      engine.write(batch, true);
    }
  }
}
