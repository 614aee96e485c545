package io.kiln.raftstore.apply;

import io.kiln.proto.RaftCmdpb.RaftCmdResponse;

/** An applied admin command: the response for its proposer and the effect for its peer (or null). */
record AdminOutcome(RaftCmdResponse response, ExecResult result) {}
