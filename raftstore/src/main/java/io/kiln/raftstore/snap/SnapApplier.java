package io.kiln.raftstore.snap;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngineKeys;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftServerpb.PeerState;
import io.kiln.proto.RaftServerpb.RaftSnapshotData;
import io.kiln.proto.RaftServerpb.RegionLocalState;
import io.kiln.proto.RaftServerpb.SnapshotCFFile;
import io.kiln.raftstore.FailPoints;
import io.kiln.raftstore.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replaces a region's data with a received snapshot (TiKV's region worker {@code apply_snap}):
 * the region's range is cleared in every data column family, the snapshot's SST files are
 * ingested, and only then is the region marked {@code Normal}. Until that last write the region
 * stays {@code Applying}, so a crash anywhere in between is repaired at restart by doing it all
 * again: every step is idempotent. The received files are ingested through hard links, so they
 * survive an ingestion that consumes its input, and are deleted only at the end.
 */
public final class SnapApplier {

  private SnapApplier() {}

  /** The received snapshot's data, from its meta file. */
  public static RaftSnapshotData readMeta(SnapManager mgr, SnapKey key) {
    try {
      return RaftSnapshotData.parseFrom(Files.readAllBytes(mgr.recvMeta(key)));
    } catch (IOException e) {
      throw new EngineException("snapshot " + key + " is not in " + mgr.dir() + " (" + e.getMessage() + ")", e);
    }
  }

  /** True if the received snapshot's meta file and every non-empty file are present. */
  public static boolean present(SnapManager mgr, SnapKey key) {
    if (!Files.exists(mgr.recvMeta(key))) {
      return false;
    }
    for (SnapshotCFFile f : readMeta(mgr, key).getMeta().getCfFilesList()) {
      if (f.getSize() > 0 && !Files.exists(mgr.recvFile(key, f.getCf()))) {
        return false;
      }
    }
    return true;
  }

  public static void apply(KvEngine kv, SnapManager mgr, SnapKey key, FailPoints failPoints) {
    long startNanos = System.nanoTime();
    RaftSnapshotData data = readMeta(mgr, key);
    Region region = data.getRegion();
    try (WriteBatch wb = kv.newWriteBatch()) {
      byte[] start = Keys.dataKey(region.getStartKey());
      byte[] end = Keys.dataEndKey(region.getEndKey());
      for (String cf : Cf.DATA) {
        wb.deleteRange(cf, start, end);
      }
      kv.write(wb, true);
    }
    failPoints.eval("snapshot_apply_before_ingest");
    for (SnapshotCFFile f : data.getMeta().getCfFilesList()) {
      if (f.getSize() == 0) {
        continue;
      }
      Path src = mgr.recvFile(key, f.getCf());
      Path link = mgr.dir().resolve("ingest_" + key + "_" + f.getCf() + ".sst");
      try {
        Files.deleteIfExists(link);
        Files.createLink(link, src);
      } catch (IOException | UnsupportedOperationException e) {
        try {
          Files.copy(src, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e2) {
          throw new EngineException("cannot stage snapshot file " + src + " for ingestion", e2);
        }
      }
      kv.ingest(f.getCf(), List.of(link));
      SnapManager.deleteQuietly(link);
    }
    failPoints.eval("snapshot_apply_before_done");
    try (WriteBatch wb = kv.newWriteBatch()) {
      wb.put(Cf.RAFT, RaftEngineKeys.regionStateKey(region.getId()), RegionLocalState.newBuilder()
          .setState(PeerState.Normal).setRegion(region).build().toByteArray());
      kv.write(wb, true);
    }
    mgr.deleteReceived(key);
    mgr.applied.incrementAndGet();
    mgr.applyNanos.addAndGet(System.nanoTime() - startNanos);
  }
}
