package io.kiln.storage.mvcc;

/** A lock CF entry: the encoded key and its lock. */
public record KeyLock(byte[] key, Lock lock) {}
