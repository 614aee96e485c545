package io.kiln.engine;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * An {@link EngineIterator} over a file in {@link MemorySstFormat}, made by {@link
 * MemoryKvEngine#sstFileIterator}. The file is sequential (no index), so the iterator streams it
 * forward: {@link #next()} and a {@link #seek} ahead of the current key read on; anything that
 * moves backwards ({@link #prev()}, {@link #seekForPrev}, {@link #seekToLast()}, a seek behind the
 * current key) reopens the file and scans from the start. Forward scans, the use it is made for
 * (checking a snapshot's contents), cost one pass; memory holds the current record and at most
 * one more.
 *
 * <p>Invariant: the reader has consumed exactly the records up to {@link #ahead} (or up to {@link
 * #current} when {@code ahead} is null).
 */
final class MemorySstIterator implements EngineIterator {

  private final Path file;
  private MemorySstReader reader;
  /** The record positioned on, or null. */
  private MemorySstReader.Entry current;
  /** A record already read after {@link #current}, or null (then read on from the reader). */
  private MemorySstReader.Entry ahead;
  private boolean closed;

  /** Opens {@code file}, checking its header. */
  MemorySstIterator(Path file) {
    this.file = file;
    this.reader = MemorySstReader.open(file);
  }

  @Override
  public boolean seek(byte[] target) {
    checkOpen();
    if (current == null || Arrays.compareUnsigned(current.key(), target) > 0) {
      restart();
      current = read();
    }
    while (current != null && Arrays.compareUnsigned(current.key(), target) < 0) {
      current = read();
    }
    return current != null;
  }

  @Override
  public boolean seekForPrev(byte[] target) {
    checkOpen();
    restart();
    MemorySstReader.Entry last = null;
    for (MemorySstReader.Entry e = read(); e != null; e = read()) {
      if (Arrays.compareUnsigned(e.key(), target) > 0) {
        ahead = e;
        break;
      }
      last = e;
    }
    current = last;
    return current != null;
  }

  @Override
  public boolean seekToFirst() {
    checkOpen();
    restart();
    current = read();
    return current != null;
  }

  @Override
  public boolean seekToLast() {
    checkOpen();
    restart();
    MemorySstReader.Entry last = null;
    for (MemorySstReader.Entry e = read(); e != null; e = read()) {
      last = e;
    }
    current = last;
    return current != null;
  }

  @Override
  public boolean next() {
    checkPositioned("next");
    current = read();
    return current != null;
  }

  @Override
  public boolean prev() {
    checkPositioned("prev");
    byte[] target = current.key();
    restart();
    MemorySstReader.Entry before = null;
    for (MemorySstReader.Entry e = read(); e != null; e = read()) {
      if (Arrays.compareUnsigned(e.key(), target) >= 0) {
        ahead = e;
        break;
      }
      before = e;
    }
    current = before;
    return current != null;
  }

  @Override
  public boolean valid() {
    checkOpen();
    return current != null;
  }

  @Override
  public byte[] key() {
    checkPositioned("key");
    return current.key().clone();
  }

  @Override
  public byte[] value() {
    checkPositioned("value");
    return current.value().clone();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      current = null;
      ahead = null;
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** The record after the last one handed out. */
  private MemorySstReader.Entry read() {
    if (ahead != null) {
      MemorySstReader.Entry e = ahead;
      ahead = null;
      return e;
    }
    return reader.next();
  }

  private void restart() {
    MemorySstReader old = reader;
    current = null;
    ahead = null;
    reader = null;
    old.close();
    reader = MemorySstReader.open(file);
  }

  private void checkOpen() {
    if (closed) {
      throw new EngineException("iterator over SST file " + file + " is closed");
    }
    if (reader == null) {
      throw new EngineException("iterator over SST file " + file + " failed to reopen the file");
    }
  }

  private void checkPositioned(String op) {
    checkOpen();
    if (current == null) {
      throw new IllegalStateException(op + ": the iterator is not positioned on a key");
    }
  }
}
