package io.kiln.pd.storage;

/** One key and its value, as {@link MetaStorage#scan} returns them. The arrays are the caller's. */
public record MetaEntry(byte[] key, byte[] value) {}
