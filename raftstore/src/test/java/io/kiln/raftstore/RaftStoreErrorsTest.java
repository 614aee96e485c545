package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.RegionEpoch;
import io.kiln.proto.RaftCmdpb.CmdType;
import io.kiln.proto.RaftCmdpb.PutRequest;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.proto.RaftCmdpb.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every command error a client acts on, as TiKV reports it in the response header. */
class RaftStoreErrorsTest {

  static MiniCluster c;
  static int leader;

  @BeforeAll
  static void start() throws Exception {
    c = new MiniCluster(3, MiniCluster.steady().withEntryMaxSize(64 * 1024));
    leader = c.waitLeader();
    assertThat(c.put(leader, "k", "v").ok()).isTrue();
  }

  @AfterAll
  static void stop() {
    c.close();
  }

  static Request put(String k, int valueSize) {
    return Request.newBuilder().setCmdType(CmdType.Put).setPut(PutRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFrom(new byte[valueSize]))).build();
  }

  Errorpb.Error error(int store, RaftCmdRequest req) throws Exception {
    CmdResult r = c.run(store, req);
    assertThat(r.ok()).as("expected an error").isFalse();
    return r.response().getHeader().getError();
  }

  @Test
  void unknownRegionIsRegionNotFound() throws Exception {
    RaftCmdRequest.Builder b = c.cmd(leader).addRequests(put("a", 1));
    b.getHeaderBuilder().setRegionId(77);
    Errorpb.Error e = error(leader, b.build());
    assertThat(e.getRegionNotFound().getRegionId()).isEqualTo(77);
  }

  @Test
  void followerAnswersNotLeaderWithTheLeader() throws Exception {
    int follower = leader % 3 + 1;
    Thread.sleep(100); // let the follower hear from the leader
    Errorpb.Error e = error(follower, c.cmd(follower).addRequests(put("a", 1)).build());
    assertThat(e.hasNotLeader()).isTrue();
    assertThat(e.getNotLeader().getRegionId()).isEqualTo(1);
    assertThat(e.getNotLeader().getLeader().getStoreId()).isEqualTo(leader);
  }

  @Test
  void staleEpochIsEpochNotMatchWithTheCurrentRegion() throws Exception {
    RaftCmdRequest.Builder b = c.cmd(leader).addRequests(put("a", 1));
    b.getHeaderBuilder().setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(0));
    Errorpb.Error e = error(leader, b.build());
    assertThat(e.getEpochNotMatch().getCurrentRegionsList()).hasSize(1);
    assertThat(e.getEpochNotMatch().getCurrentRegions(0).getRegionEpoch().getVersion()).isEqualTo(1);
  }

  @Test
  void oversizedEntryIsRaftEntryTooLarge() throws Exception {
    Errorpb.Error e = error(leader, c.cmd(leader).addRequests(put("big", 100 * 1024)).build());
    assertThat(e.getRaftEntryTooLarge().getRegionId()).isEqualTo(1);
    assertThat(e.getRaftEntryTooLarge().getEntrySize()).isGreaterThan(100 * 1024);
    assertThat(c.put(leader, "after", "ok").ok()).isTrue(); // still serving
  }

  @Test
  void wrongStoreIsStoreNotMatch() throws Exception {
    RaftCmdRequest.Builder b = c.cmd(leader).addRequests(put("a", 1));
    b.getHeaderBuilder().setPeer(Peer.newBuilder().setId(999).setStoreId(42));
    Errorpb.Error e = error(leader, b.build());
    assertThat(e.getStoreNotMatch().getRequestStoreId()).isEqualTo(42);
    assertThat(e.getStoreNotMatch().getActualStoreId()).isEqualTo(leader);
  }

  @Test
  void oldTermIsStaleCommand() throws Exception {
    RaftCmdRequest.Builder b = c.cmd(leader).addRequests(put("a", 1));
    b.getHeaderBuilder().setTerm(1); // the region starts at term 5
    assertThat(error(leader, b.build()).hasStaleCommand()).isTrue();
  }

  @Test
  void malformedCommandsGetAClearError() throws Exception {
    Errorpb.Error empty = error(leader, c.cmd(leader).build());
    assertThat(empty.getMessage()).contains("empty command");
    Errorpb.Error unknownCf = error(leader, c.cmd(leader).addRequests(Request.newBuilder()
        .setCmdType(CmdType.Put).setPut(PutRequest.newBuilder().setCf("nope")
            .setKey(ByteString.copyFromUtf8("x")))).build());
    assertThat(unknownCf.getMessage()).contains("unknown column family");
    assertThat(c.put(leader, "still", "serving").ok()).isTrue();
  }
}
