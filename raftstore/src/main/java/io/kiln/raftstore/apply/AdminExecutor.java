package io.kiln.raftstore.apply;

import io.kiln.proto.RaftCmdpb.AdminCmdType;
import io.kiln.proto.RaftCmdpb.AdminResponse;
import io.kiln.proto.RaftCmdpb.CompactLogRequest;
import io.kiln.proto.RaftCmdpb.CompactLogResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftServerpb.RaftTruncatedState;
import io.kiln.raftstore.RegionErrors;

/**
 * Admin commands that travel as normal entries: {@code CompactLog} moves the truncated state in
 * the region's RaftApplyState (written in the same apply batch), after which the peer has the
 * entries below it deleted. Deterministic: every replica truncates at the same index.
 */
final class AdminExecutor {

  private AdminExecutor() {}

  static AdminOutcome execute(ApplyFsm fsm, RaftCmdRequest cmd, long index, long term) {
    if (cmd.getAdminRequest().getCmdType() != AdminCmdType.CompactLog) {
      return new AdminOutcome(RegionErrors.response(RegionErrors.other("admin command "
          + cmd.getAdminRequest().getCmdType() + " cannot be applied"), term), null);
    }
    CompactLogRequest req = cmd.getAdminRequest().getCompactLog();
    RaftTruncatedState truncated = fsm.applyState.getTruncatedState();
    RaftCmdResponse ok = RaftCmdResponse.newBuilder()
        .setHeader(RaftResponseHeader.newBuilder().setCurrentTerm(term))
        .setAdminResponse(AdminResponse.newBuilder().setCmdType(AdminCmdType.CompactLog)
            .setCompactLog(CompactLogResponse.getDefaultInstance())).build();
    if (req.getCompactIndex() <= truncated.getIndex()) {
      return new AdminOutcome(ok, null); // already compacted further
    }
    if (req.getCompactIndex() >= index) {
      return new AdminOutcome(RegionErrors.response(RegionErrors.other("compact index "
          + req.getCompactIndex() + " is not below the command's own index " + index), term), null);
    }
    long firstBefore = truncated.getIndex() + 1;
    fsm.applyState = fsm.applyState.toBuilder().setTruncatedState(RaftTruncatedState.newBuilder()
        .setIndex(req.getCompactIndex()).setTerm(req.getCompactTerm())).build();
    return new AdminOutcome(ok, new ExecResult.CompactLog(firstBefore, req.getCompactIndex()));
  }
}
