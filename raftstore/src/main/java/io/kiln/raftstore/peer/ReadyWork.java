package io.kiln.raftstore.peer;

import io.kiln.proto.Eraftpb.Message;
import java.util.List;

/**
 * A Ready whose writes are in the round's raft batch: once the batch is durable, the peer adopts
 * {@code pending}, tells raft ({@code number}) and sends {@code persistedMessages}.
 */
record ReadyWork(PeerFsm peer, long number, PeerStorage.Pending pending, List<Message> persistedMessages,
    boolean mustSync, io.kiln.raftstore.snap.SnapKey snapshot) {}
