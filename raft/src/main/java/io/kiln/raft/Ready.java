package io.kiln.raft;

import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.HardState;
import io.kiln.proto.Eraftpb.Message;
import io.kiln.proto.Eraftpb.Snapshot;
import java.util.List;

/**
 * Everything a node needs its application to do, in the order it must be done. Handle a Ready
 * like this (Raft thesis §10.2.1 allows a leader to send before its own write completes):
 *
 * <ol>
 *   <li>send {@link #messages()} (the leader's appends and heartbeats): may go before the write;
 *   <li>persist {@link #snapshot()} (if any), then {@link #entries()} and {@link #hardState()}
 *       (if changed), durably when {@link #mustSync()};
 *   <li>send {@link #persistedMessages()} (votes, append responses): only after step 2;
 *   <li>apply {@link #committedEntries()} and serve {@link #readStates()} once applied past them;
 *   <li>call {@link RawNode#advance(Ready)}, or, when steps 2 and 4 finish asynchronously, {@link
 *       RawNode#onPersistReady(long)} with {@link #number()} and {@link RawNode#advanceApply(long)}.
 * </ol>
 *
 * @param number increases by one per Ready, so persistence can be acknowledged out of band
 * @param softState the leader and role, if they changed since the last Ready; else null
 * @param hardState term, vote and commit to persist, if they changed; else null
 * @param readStates answered read-index requests
 * @param entries entries to append to stable storage
 * @param snapshot a snapshot to install in stable storage, or null
 * @param committedEntries entries to apply to the state machine (all committed and durable)
 * @param messages messages that may be sent right away
 * @param persistedMessages messages that may be sent only once this Ready's writes are durable
 * @param mustSync true if the writes must be synced to disk before acknowledging
 */
public record Ready(
    long number,
    SoftState softState,
    HardState hardState,
    List<ReadState> readStates,
    List<Entry> entries,
    Snapshot snapshot,
    List<Entry> committedEntries,
    List<Message> messages,
    List<Message> persistedMessages,
    boolean mustSync) {

  /** The index of the last committed entry handed out, or 0 if none. */
  public long lastCommittedIndex() {
    return committedEntries.isEmpty() ? 0 : committedEntries.get(committedEntries.size() - 1).getIndex();
  }
}
