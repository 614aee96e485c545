package io.kiln.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.proto.Eraftpb.ConfChange;
import io.kiln.proto.Eraftpb.ConfChangeSingle;
import io.kiln.proto.Eraftpb.ConfChangeTransition;
import io.kiln.proto.Eraftpb.ConfChangeV2;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;

/**
 * Reading conf change entries: both versions as a {@link ConfChangeV2}, and what a V2 change
 * means (etcd raft's and raft-rs's rules, so TiKV's encodings behave the same here).
 */
public final class ConfChanges {

  private ConfChanges() {}

  /**
   * The conf change in a committed entry of type {@code EntryConfChange} or {@code
   * EntryConfChangeV2}, as a V2 change.
   *
   * @throws IllegalArgumentException if the entry is not a conf change or its data is malformed
   */
  public static ConfChangeV2 fromEntry(Entry e) {
    try {
      if (e.getEntryType() == EntryType.EntryConfChange) {
        return fromV1(ConfChange.parseFrom(e.getData()));
      }
      if (e.getEntryType() == EntryType.EntryConfChangeV2) {
        return ConfChangeV2.parseFrom(e.getData());
      }
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalArgumentException("malformed conf change at index " + e.getIndex(), ex);
    }
    throw new IllegalArgumentException("entry " + e.getIndex() + " is not a conf change: " + e.getEntryType());
  }

  /** A single-step change as a V2 change with one element. */
  public static ConfChangeV2 fromV1(ConfChange cc) {
    return ConfChangeV2.newBuilder()
        .addChanges(ConfChangeSingle.newBuilder().setType(cc.getChangeType()).setNodeId(cc.getNodeId()))
        .setContext(cc.getContext()).build();
  }

  /** An empty change with the Auto transition means "leave the joint configuration". */
  public static boolean isLeaveJoint(ConfChangeV2 cc) {
    return cc.getTransition() == ConfChangeTransition.Auto && cc.getChangesCount() == 0;
  }

  /**
   * A change enters a joint configuration if it asks for a transition explicitly or changes more
   * than one member; a single change with the Auto transition is applied in one step.
   */
  public static boolean entersJoint(ConfChangeV2 cc) {
    return cc.getTransition() != ConfChangeTransition.Auto || cc.getChangesCount() > 1;
  }

  /** A joint configuration entered by this change is left by the leader on its own. */
  public static boolean autoLeave(ConfChangeV2 cc) {
    return cc.getTransition() != ConfChangeTransition.Explicit;
  }
}
