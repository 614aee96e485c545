package io.kiln.engine.rocks;

import org.rocksdb.RocksDB;

/** Loads RocksDB's native library once per class loader, before the first native object. */
final class RocksNative {

  private RocksNative() {}

  static {
    RocksDB.loadLibrary();
  }

  /** Triggers the class initialisation above (which runs once, thread-safely). */
  static void load() {}
}
