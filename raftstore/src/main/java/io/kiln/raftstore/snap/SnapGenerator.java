package io.kiln.raftstore.snap;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvEngine;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.SstWriter;
import io.kiln.proto.Eraftpb.Snapshot;
import io.kiln.proto.Eraftpb.SnapshotMetadata;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.RaftSnapshotData;
import io.kiln.proto.RaftServerpb.SnapshotCFFile;
import io.kiln.proto.RaftServerpb.SnapshotMeta;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.peer.PeerStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes a region snapshot (TiKV's {@code do_snapshot}): from one consistent kv engine snapshot
 * taken when apply had applied {@code index}, one SST file per data column family over the
 * region's range, each with its size and CRC32C in the snapshot's RaftSnapshotData. Streams: a
 * region of any size is written without holding it in memory.
 */
public final class SnapGenerator {

  private SnapGenerator() {}

  public static Snapshot generate(KvEngine kv, KvSnapshot data, SnapManager mgr, Region region,
      long index, long term) {
    long startNanos = System.nanoTime();
    SnapKey key = new SnapKey(region.getId(), term, index);
    SnapshotMeta.Builder meta = SnapshotMeta.newBuilder();
    long total = 0;
    byte[] start = Keys.dataKey(region.getStartKey());
    byte[] end = Keys.dataEndKey(region.getEndKey());
    for (String cf : Cf.DATA) {
      Path file = mgr.genFile(key, cf);
      long size;
      try (SstWriter w = kv.newSstWriter(cf, file); EngineIterator it = data.iterator(cf, start, end)) {
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          w.put(it.key(), it.value());
        }
        size = w.finish();
      }
      meta.addCfFiles(SnapshotCFFile.newBuilder().setCf(cf).setSize(size)
          .setChecksum(size == 0 ? 0 : checksum(file)));
      total += size;
    }
    mgr.generated.incrementAndGet();
    mgr.generateNanos.addAndGet(System.nanoTime() - startNanos);
    RaftSnapshotData sd = RaftSnapshotData.newBuilder().setRegion(region).setFileSize(total)
        .setVersion(1).setMeta(meta).build();
    return Snapshot.newBuilder().setData(sd.toByteString())
        .setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(term)
            .setConfState(PeerStorage.confStateOf(region)))
        .build();
  }

  /** CRC32C of a whole file, read in blocks. */
  public static int checksum(Path file) {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot file " + file, e);
    }
    return (int) crc.getValue();
  }
}
