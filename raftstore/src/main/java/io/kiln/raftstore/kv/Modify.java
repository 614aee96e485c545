package io.kiln.raftstore.kv;

/**
 * One change to a region's data, in user keys (the raftstore adds the {@code z} prefix). A list of
 * them is what a transaction command hands to {@link RaftKv#asyncWrite}.
 */
public sealed interface Modify permits Modify.Put, Modify.Delete, Modify.DeleteRange {

  String cf();

  record Put(String cf, byte[] key, byte[] value) implements Modify {}

  record Delete(String cf, byte[] key) implements Modify {}

  /** Deletes {@code [start, end)}; both keys must lie in the region (an empty end: the region's end). */
  record DeleteRange(String cf, byte[] start, byte[] end) implements Modify {}
}
