package io.kiln.engine;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a file in {@link MemorySstFormat} front to back, one record at a time, through a
 * {@value MemorySstFormat#BUFFER_SIZE}-byte buffer, checking everything the format promises; the
 * checksum and the count are checked when the trailer is reached. Not thread-safe.
 */
final class MemorySstReader implements AutoCloseable {

  /** One record of the file. */
  record Entry(byte[] key, byte[] value) {}

  private final Path file;
  private final long fileSize;
  private final CheckedInputStream checked;
  private final DataInputStream in;
  /** Bytes consumed so far. */
  private long position;
  private long count;
  private byte[] lastKey;
  private boolean atEnd;

  private MemorySstReader(Path file, long fileSize, InputStream raw) {
    this.file = file;
    this.fileSize = fileSize;
    this.checked = new CheckedInputStream(
        new BufferedInputStream(raw, MemorySstFormat.BUFFER_SIZE), new CRC32C());
    this.in = new DataInputStream(checked);
  }

  /** Opens {@code file} and checks its header. */
  static MemorySstReader open(Path file) {
    InputStream raw;
    long size;
    try {
      size = Files.size(file);
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new EngineException("SST file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new EngineException("cannot open SST file " + file, e);
    }
    MemorySstReader reader = new MemorySstReader(file, size, raw);
    try {
      reader.readHeader();
      return reader;
    } catch (RuntimeException e) {
      reader.closeAfterFailure(e);
      throw e;
    }
  }

  /** Every record of {@code file}, after checking the whole file. */
  static List<Entry> readAll(Path file) {
    List<Entry> entries = new ArrayList<>();
    try (MemorySstReader reader = open(file)) {
      for (Entry e = reader.next(); e != null; e = reader.next()) {
        entries.add(e);
      }
    }
    return entries;
  }

  /** The next record, or null once the trailer has been read and checked. */
  Entry next() {
    if (atEnd) {
      return null;
    }
    try {
      int keyLength = readInt();
      if (keyLength == MemorySstFormat.TRAILER_MARK) {
        readTrailer();
        atEnd = true;
        return null;
      }
      byte[] key = readBytes(keyLength, "key");
      byte[] value = readBytes(readInt(), "value");
      if (lastKey != null && Arrays.compareUnsigned(key, lastKey) <= 0) {
        throw MemorySstFormat.corrupt(file, "key " + Hex.of(key) + " of record " + count
            + " is not after the previous key " + Hex.of(lastKey));
      }
      lastKey = key;
      count++;
      return new Entry(key, value);
    } catch (EOFException e) {
      throw new EngineException("SST file " + file + " is truncated after " + count
          + " records (" + fileSize + " bytes)", e);
    } catch (IOException e) {
      throw new EngineException("read of SST file " + file + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new EngineException("close of SST file " + file + " failed", e);
    }
  }

  private void readHeader() {
    try {
      byte[] magic = new byte[MemorySstFormat.MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MemorySstFormat.MAGIC)) {
        throw MemorySstFormat.corrupt(file, "no magic number (not an SST file of the memory engine)");
      }
      int version = in.readInt();
      if (version != MemorySstFormat.VERSION) {
        throw MemorySstFormat.corrupt(file, "unknown version " + version);
      }
      position = MemorySstFormat.HEADER_SIZE;
    } catch (EOFException e) {
      throw new EngineException("SST file " + file + " is truncated: " + fileSize
          + " bytes, shorter than its header (not an SST file of the memory engine)", e);
    } catch (IOException e) {
      throw new EngineException("read of SST file " + file + " failed", e);
    }
  }

  private void readTrailer() throws IOException {
    long stated = in.readLong();
    long crc = checked.getChecksum().getValue();
    int storedCrc = in.readInt();
    position += Long.BYTES + Integer.BYTES;
    if (stated != count) {
      throw MemorySstFormat.corrupt(file, "the trailer counts " + stated + " records, the file has "
          + count);
    }
    if (storedCrc != (int) crc) {
      throw MemorySstFormat.corrupt(file, "checksum mismatch (stored " + Integer.toHexString(storedCrc)
          + ", computed " + Integer.toHexString((int) crc) + ")");
    }
    if (in.read() != -1) {
      throw MemorySstFormat.corrupt(file, "bytes after the trailer at offset " + position);
    }
  }

  private int readInt() throws IOException {
    int v = in.readInt();
    position += Integer.BYTES;
    return v;
  }

  private byte[] readBytes(int length, String what) throws IOException {
    if (length < 0 || length > fileSize - position) {
      throw MemorySstFormat.corrupt(file, what + " length " + length + " of record " + count
          + " at offset " + (position - Integer.BYTES) + " exceeds the file (" + fileSize + " bytes)");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    position += length;
    return bytes;
  }

  private void closeAfterFailure(RuntimeException failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
