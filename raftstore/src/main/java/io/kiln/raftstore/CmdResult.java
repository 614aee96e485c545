package io.kiln.raftstore;

import io.kiln.engine.KvSnapshot;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;

/**
 * What a command's callback receives: the response (with {@code header.error} set when it failed)
 * and, for a successful {@code Snap} request, the engine snapshot it asked for (the caller closes it).
 */
public record CmdResult(RaftCmdResponse response, KvSnapshot snapshot) {

  public boolean ok() {
    return !response.getHeader().hasError();
  }
}
