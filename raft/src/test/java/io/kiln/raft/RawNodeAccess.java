package io.kiln.raft;

import java.lang.reflect.Field;

/** Test access to a RawNode's internal Raft, for assertions on fields the API does not expose. */
final class RawNodeAccess {
  private RawNodeAccess() {}

  static Raft raft(RawNode n) {
    try {
      Field f = RawNode.class.getDeclaredField("raft");
      f.setAccessible(true);
      return (Raft) f.get(n);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
