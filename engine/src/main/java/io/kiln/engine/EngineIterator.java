package io.kiln.engine;

/**
 * A cursor over one column family within the bounds it was created with. Not thread-safe. The
 * arrays returned by {@link #key()} and {@link #value()} belong to the caller.
 */
public interface EngineIterator extends AutoCloseable {

  /** Positions at the first key {@code >= key} (within bounds); returns {@link #valid()}. */
  boolean seek(byte[] key);

  /** Positions at the last key {@code <= key} (within bounds); returns {@link #valid()}. */
  boolean seekForPrev(byte[] key);

  /** Positions at the first key within bounds; returns {@link #valid()}. */
  boolean seekToFirst();

  /** Positions at the last key within bounds; returns {@link #valid()}. */
  boolean seekToLast();

  /** Moves to the next key; returns {@link #valid()}. */
  boolean next();

  /** Moves to the previous key; returns {@link #valid()}. */
  boolean prev();

  /** True while positioned on a key within bounds. */
  boolean valid();

  /** The current key; only while {@link #valid()}. */
  byte[] key();

  /** The current value; only while {@link #valid()}. */
  byte[] value();

  @Override
  void close();
}
