package io.kiln.engine;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * An {@link SstWriter} of a {@link MemoryKvEngine}, in {@link MemorySstFormat}. Streams records
 * through a {@value MemorySstFormat#BUFFER_SIZE}-byte buffer into the file, computing the
 * checksum on the way; only the previous key is kept (to check the order). Opens the file at the
 * first {@link #put}, syncs it in {@link #finish()}.
 */
final class MemorySstWriter implements SstWriter {

  private enum State { OPEN, FINISHED, CLOSED }

  private final Path file;
  private final String cf;
  private FileChannel channel;
  private CheckedOutputStream checked;
  private DataOutputStream out;
  private byte[] lastKey;
  private long count;
  private State state = State.OPEN;

  MemorySstWriter(String cf, Path file) {
    this.cf = Objects.requireNonNull(cf, "cf");
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public void put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkOpen("put");
    if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) {
      throw new EngineException("put into SST file " + file + " (cf '" + cf + "'): key "
          + Hex.of(key) + " is not after the previous key " + Hex.of(lastKey));
    }
    if (out == null) {
      openFile();
    }
    try {
      out.writeInt(key.length);
      out.write(key);
      out.writeInt(value.length);
      out.write(value);
    } catch (IOException e) {
      throw new EngineException("put into SST file " + file + " failed", e);
    }
    lastKey = key.clone();
    count++;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long finish() {
    checkOpen("finish");
    if (count == 0) {
      deleteFile("finish (no entries)");
      state = State.FINISHED;
      return 0;
    }
    try {
      out.writeInt(MemorySstFormat.TRAILER_MARK);
      out.writeLong(count);
      out.writeInt((int) checked.getChecksum().getValue());
      out.flush();
      channel.force(true);
      long size = channel.size();
      out.close();
      state = State.FINISHED;
      return size;
    } catch (IOException e) {
      throw new EngineException("finish of SST file " + file + " failed", e);
    }
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      EngineException failure = null;
      if (channel != null) {
        try {
          channel.close(); // unflushed buffered bytes are dropped with the file
        } catch (IOException e) {
          failure = new EngineException("close of abandoned SST file " + file + " failed", e);
        }
      }
      try {
        deleteFile("close (abandoned)");
      } catch (EngineException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        throw e;
      }
      if (failure != null) {
        throw failure;
      }
    }
    state = State.CLOSED;
  }

  private void openFile() {
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new EngineException("create of SST file " + file + " failed", e);
    }
    checked = new CheckedOutputStream(
        new BufferedOutputStream(Channels.newOutputStream(channel), MemorySstFormat.BUFFER_SIZE),
        new CRC32C());
    out = new DataOutputStream(checked);
    try {
      out.write(MemorySstFormat.MAGIC);
      out.writeInt(MemorySstFormat.VERSION);
    } catch (IOException e) {
      throw new EngineException("write of the header of SST file " + file + " failed", e);
    }
  }

  private void deleteFile(String operation) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new EngineException(operation + ": cannot delete SST file " + file, e);
    }
  }

  private void checkOpen(String operation) {
    if (state != State.OPEN) {
      throw new EngineException(operation + ": the writer of SST file " + file + " is "
          + (state == State.FINISHED ? "finished" : "closed"));
    }
  }
}
