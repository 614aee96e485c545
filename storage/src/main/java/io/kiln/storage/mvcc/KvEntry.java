package io.kiln.storage.mvcc;

/** One result of a scan: an encoded key and its value (empty when the scan is key-only). */
public record KvEntry(byte[] key, byte[] value) {}
