package io.kiln.raftstore.apply;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineException;
import io.kiln.engine.WriteBatch;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.DeleteRangeRequest;
import io.kiln.proto.RaftCmdpb.DeleteRequest;
import io.kiln.proto.RaftCmdpb.DeleteResponse;
import io.kiln.proto.RaftCmdpb.DeleteRangeResponse;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.PutResponse;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.RaftResponseHeader;
import io.kiln.proto.RaftCmdpb.Request;
import io.kiln.proto.RaftCmdpb.Response;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.RegionErrors;

/**
 * Executes the write requests of one committed command into the apply round's write batch. The
 * outcome depends only on the command and the region as of this entry, so every replica reaches
 * the same result; a command that fails leaves no trace in the batch (save point).
 */
final class CommandExecutor {

  private CommandExecutor() {}

  static RaftCmdResponse execute(RaftCmdRequest cmd, Region region, long term, WriteBatch wb) {
    Errorpb.Error epochError = checkEpoch(cmd, region);
    if (epochError != null) {
      return RegionErrors.response(epochError, term);
    }
    RaftCmdResponse.Builder resp = RaftCmdResponse.newBuilder()
        .setHeader(RaftResponseHeader.newBuilder().setCurrentTerm(term));
    wb.setSavePoint();
    for (Request r : cmd.getRequestsList()) {
      Errorpb.Error err = executeOne(r, region, wb, resp);
      if (err != null) {
        wb.rollbackToSavePoint();
        return RegionErrors.response(err, term);
      }
    }
    return resp.build();
  }

  private static Errorpb.Error executeOne(Request r, Region region, WriteBatch wb, RaftCmdResponse.Builder resp) {
    try {
      switch (r.getCmdType()) {
        case Put -> {
          PutRequest p = r.getPut();
          if (!Keys.inRegion(p.getKey(), region)) {
            return RegionErrors.keyNotInRegion(p.getKey().toByteArray(), region);
          }
          wb.put(cf(p.getCf()), Keys.dataKey(p.getKey()), p.getValue().toByteArray());
          resp.addResponses(Response.newBuilder().setCmdType(CmdType.Put).setPut(PutResponse.getDefaultInstance()));
        }
        case Delete -> {
          DeleteRequest d = r.getDelete();
          if (!Keys.inRegion(d.getKey(), region)) {
            return RegionErrors.keyNotInRegion(d.getKey().toByteArray(), region);
          }
          wb.delete(cf(d.getCf()), Keys.dataKey(d.getKey()));
          resp.addResponses(Response.newBuilder().setCmdType(CmdType.Delete).setDelete(DeleteResponse.getDefaultInstance()));
        }
        case DeleteRange -> {
          DeleteRangeRequest d = r.getDeleteRange();
          if (!Keys.inRegion(d.getStartKey(), region)) {
            return RegionErrors.keyNotInRegion(d.getStartKey().toByteArray(), region);
          }
          byte[] start = Keys.dataKey(d.getStartKey());
          byte[] end = endWithin(d, region);
          if (java.util.Arrays.compareUnsigned(start, end) < 0 && !d.getNotifyOnly()) {
            wb.deleteRange(cf(d.getCf()), start, end);
          }
          resp.addResponses(Response.newBuilder().setCmdType(CmdType.DeleteRange)
              .setDelteRange(DeleteRangeResponse.getDefaultInstance()));
        }
        default -> {
          return RegionErrors.other("request type " + r.getCmdType() + " cannot be applied");
        }
      }
    } catch (EngineException e) {
      return RegionErrors.other(e.getMessage());
    }
    return null;
  }

  /** The end of a delete range, clipped to the region (an empty end means the region's end). */
  private static byte[] endWithin(DeleteRangeRequest d, Region region) {
    byte[] regionEnd = Keys.dataEndKey(region.getEndKey());
    if (d.getEndKey().isEmpty()) {
      return regionEnd;
    }
    byte[] end = Keys.dataKey(d.getEndKey());
    return java.util.Arrays.compareUnsigned(end, regionEnd) < 0 ? end : regionEnd;
  }

  /** An empty cf name means {@code default}, as in TiKV. */
  private static String cf(String name) {
    return Cf.check(name.isEmpty() ? Cf.DEFAULT : name);
  }

  /** A normal command carries the region version it was proposed for; a split changes it. */
  static Errorpb.Error checkEpoch(RaftCmdRequest cmd, Region region) {
    if (!cmd.getHeader().hasRegionEpoch()) {
      return null;
    }
    long version = cmd.getHeader().getRegionEpoch().getVersion();
    if (version != region.getRegionEpoch().getVersion()) {
      return RegionErrors.epochNotMatch("request version " + version + ", region " + region.getId()
          + " version " + region.getRegionEpoch().getVersion(), java.util.List.of(region));
    }
    return null;
  }
}
