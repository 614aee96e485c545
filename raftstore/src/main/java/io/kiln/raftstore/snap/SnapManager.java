package io.kiln.raftstore.snap;

import io.kiln.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's snapshot folder (TiKV's {@code SnapManager}). Generated snapshots are {@code
 * gen_<region>_<term>_<index>_<cf>.sst}; received ones {@code rev_..._<cf>.sst} plus {@code
 * rev_<key>.meta} (the snapshot's RaftSnapshotData, so an apply interrupted by a crash can be
 * redone). Files are written whole before they are named in a message or a region state, and
 * deleted once sent (superseded), applied, or found stale at startup.
 */
public final class SnapManager {

  private static final Logger LOG = LoggerFactory.getLogger(SnapManager.class);

  private final Path dir;
  final AtomicLong generated = new AtomicLong();
  final AtomicLong received = new AtomicLong();
  final AtomicLong applied = new AtomicLong();
  final AtomicLong sentBytes = new AtomicLong();
  final AtomicLong receivedBytes = new AtomicLong();
  final AtomicLong generateNanos = new AtomicLong();
  final AtomicLong applyNanos = new AtomicLong();

  public SnapManager(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new EngineException("cannot create snapshot folder " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path genFile(SnapKey key, String cf) {
    return dir.resolve("gen_" + key + "_" + cf + ".sst");
  }

  public Path recvFile(SnapKey key, String cf) {
    return dir.resolve("rev_" + key + "_" + cf + ".sst");
  }

  public Path recvMeta(SnapKey key) {
    return dir.resolve("rev_" + key + ".meta");
  }

  /** Deletes the generated files of every snapshot of {@code regionId} except {@code keep}. */
  public void deleteGenerated(long regionId, SnapKey keep) {
    deleteMatching("gen_" + regionId + "_", keep == null ? null : "gen_" + keep + "_");
  }

  /** Deletes a received snapshot (after it was applied, or when it is refused). */
  public void deleteReceived(SnapKey key) {
    deleteMatching("rev_" + key + "_", null);
    deleteQuietly(recvMeta(key));
  }

  /**
   * At startup: no generated snapshot is in use, and of the received ones only those an
   * unfinished apply needs ({@code keep}) matter.
   */
  public void cleanAtStartup(Set<SnapKey> keep) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        boolean kept = keep.stream().anyMatch(k -> name.startsWith("rev_" + k + "_") || name.equals("rev_" + k + ".meta"));
        if (!kept) {
          deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list snapshot folder {}", dir, e);
    }
  }

  /** Counters: snapshots generated, received, applied; bytes sent and received. */
  public SnapStats stats() {
    return new SnapStats(generated.get(), received.get(), applied.get(), sentBytes.get(), receivedBytes.get(),
        generateNanos.get() / 1_000_000, applyNanos.get() / 1_000_000);
  }

  private void deleteMatching(String prefix, String except) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path p : ds) {
        if (except == null || !p.getFileName().toString().startsWith(except)) {
          deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete snapshot file {}", p, e);
    }
  }
}
