package io.kiln.raftstore.snap;

import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.RaftSnapshotData;
import io.kiln.proto.RaftServerpb.SnapshotCFFile;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Receives a snapshot's chunk stream (see {@link SnapSender}) into the store's snapshot folder,
 * one file per column family, checking each file's size and CRC32C against the snapshot's
 * RaftSnapshotData as it goes. {@link #finish()} returns the MsgSnapshot to hand to the store
 * only if everything arrived intact; otherwise (or on {@link #close()} before finishing) the
 * partial files are deleted.
 */
public final class SnapReceiver implements AutoCloseable {

  private final SnapManager mgr;
  private final long maxBytes;
  private RaftMessage msg;
  private SnapKey key;
  private final List<SnapshotCFFile> files = new ArrayList<>();
  private int fileIdx;
  private long written;
  private long total;
  private OutputStream out;
  private CRC32C crc;
  private boolean done;

  /** @param maxBytes a snapshot declaring more data than this is refused */
  public SnapReceiver(SnapManager mgr, long maxBytes) {
    this.mgr = mgr;
    this.maxBytes = maxBytes;
  }

  public void accept(SnapshotChunk chunk) {
    if (msg == null) {
      if (!chunk.hasMessage() || !chunk.getMessage().getMessage().hasSnapshot()) {
        throw new IllegalArgumentException("the first snapshot chunk must carry a MsgSnapshot");
      }
      msg = chunk.getMessage();
      key = SnapKey.of(msg.getRegionId(), msg.getMessage().getSnapshot());
      RaftSnapshotData data = SnapSender.data(msg);
      for (SnapshotCFFile f : data.getMeta().getCfFilesList()) {
        if (f.getSize() > 0) {
          files.add(f);
          total += f.getSize();
        }
      }
      if (total > maxBytes) {
        throw new IllegalArgumentException("snapshot " + key + " declares " + total
            + " bytes, more than the limit of " + maxBytes);
      }
      return;
    }
    byte[] data = chunk.getData().toByteArray();
    int off = 0;
    try {
      while (off < data.length) {
        if (fileIdx >= files.size()) {
          throw new IllegalArgumentException("snapshot " + key + " sent more data than its files hold");
        }
        SnapshotCFFile f = files.get(fileIdx);
        if (out == null) {
          out = Files.newOutputStream(mgr.recvFile(key, f.getCf()), StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          crc = new CRC32C();
          written = 0;
        }
        int n = (int) Math.min(data.length - off, f.getSize() - written);
        out.write(data, off, n);
        crc.update(data, off, n);
        written += n;
        off += n;
        mgr.receivedBytes.addAndGet(n);
        if (written == f.getSize()) {
          out.close();
          out = null;
          if ((int) crc.getValue() != f.getChecksum()) {
            throw new IllegalArgumentException("snapshot " + key + ": checksum mismatch in cf " + f.getCf());
          }
          fileIdx++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + key + " into " + mgr.dir(), e);
    }
  }

  /** The MsgSnapshot, once every file arrived whole; its files are in place with a meta file. */
  public RaftMessage finish() {
    if (msg == null) {
      throw new IllegalArgumentException("empty snapshot stream");
    }
    if (fileIdx != files.size() || out != null) {
      throw new IllegalArgumentException("snapshot " + key + " stream ended early");
    }
    try {
      Files.write(mgr.recvMeta(key), msg.getMessage().getSnapshot().getData().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot meta " + key, e);
    }
    done = true;
    mgr.received.incrementAndGet();
    return msg;
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // abandoned
      }
    }
    if (!done && key != null) {
      mgr.deleteReceived(key);
    }
  }

  /** Path helper for tests and the applier. */
  Path file(String cf) {
    return mgr.recvFile(key, cf);
  }
}
