package io.kiln.engine;

/**
 * A consistent point-in-time view of a whole engine (every column family): writes made after it
 * was taken are invisible to it. Cheap to take; close it to release what it pins.
 */
public interface KvSnapshot extends KvReader, AutoCloseable {

  @Override
  void close();
}
