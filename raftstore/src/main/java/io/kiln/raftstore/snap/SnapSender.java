package io.kiln.raftstore.snap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.proto.RaftServerpb.RaftSnapshotData;
import io.kiln.proto.RaftServerpb.SnapshotCFFile;
import io.kiln.proto.RaftServerpb.SnapshotChunk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns a MsgSnapshot and its files into the chunk stream of TiKV's {@code Snapshot} RPC: the
 * first {@code SnapshotChunk} carries the RaftMessage, the following ones the files' bytes in the
 * order of the snapshot's {@code cf_files}, at most {@code chunkSize} bytes each, read from disk
 * as the stream is consumed, so memory stays bounded whatever the snapshot's size.
 */
public final class SnapSender implements Iterator<SnapshotChunk>, AutoCloseable {

  private final SnapManager mgr;
  private final RaftMessage msg;
  private final int chunkSize;
  private final List<java.nio.file.Path> files = new ArrayList<>();
  private boolean headerSent;
  private int fileIdx;
  private InputStream in;
  private ByteString next;

  public SnapSender(SnapManager mgr, RaftMessage msg, int chunkSize) {
    this.mgr = mgr;
    this.msg = msg;
    this.chunkSize = chunkSize;
    SnapKey key = SnapKey.of(msg.getRegionId(), msg.getMessage().getSnapshot());
    for (SnapshotCFFile f : data(msg).getMeta().getCfFilesList()) {
      if (f.getSize() > 0) {
        files.add(mgr.genFile(key, f.getCf()));
      }
    }
  }

  static RaftSnapshotData data(RaftMessage msg) {
    try {
      return RaftSnapshotData.parseFrom(msg.getMessage().getSnapshot().getData());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("snapshot message without valid RaftSnapshotData", e);
    }
  }

  @Override
  public boolean hasNext() {
    if (!headerSent) {
      return true;
    }
    if (next == null) {
      next = readChunk();
    }
    return next != null;
  }

  @Override
  public SnapshotChunk next() {
    if (!headerSent) {
      headerSent = true;
      return SnapshotChunk.newBuilder().setMessage(msg).build();
    }
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ByteString d = next;
    next = null;
    mgr.sentBytes.addAndGet(d.size());
    return SnapshotChunk.newBuilder().setData(d).build();
  }

  private ByteString readChunk() {
    try {
      while (true) {
        if (in == null) {
          if (fileIdx >= files.size()) {
            return null;
          }
          in = Files.newInputStream(files.get(fileIdx++));
        }
        byte[] buf = in.readNBytes(chunkSize);
        if (buf.length > 0) {
          return ByteString.copyFrom(buf);
        }
        in.close();
        in = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot file of region " + msg.getRegionId(), e);
    }
  }

  @Override
  public void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // nothing to do: the stream is abandoned
      }
    }
  }
}
