package io.kiln.pd.id;

/** Hands out cluster-wide unique ids (stores, regions, peers), each greater than the last. */
public interface IdAllocator {

  /** A fresh id, greater than every id this allocator (or its predecessors) handed out. */
  long alloc();
}
