package io.kiln.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Kiln's generated classes and tikv-client-java's own classes describe the same bytes: a message
 * built on one side parses with the same field values on the other, and every schema file the two
 * share is identical field for field (numbers, names, types, labels, enums, services).
 */
class WireCompatibilityTest {

  // ---------------------------------------------------------------- messages both ways

  @Test
  void prewriteRequestFromKilnParsesInTikvClient() throws Exception {
    Kvrpcpb.PrewriteRequest ours =
        Kvrpcpb.PrewriteRequest.newBuilder()
            .setContext(
                Kvrpcpb.Context.newBuilder()
                    .setRegionId(42)
                    .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(3).setVersion(7))
                    .setPeer(Metapb.Peer.newBuilder().setId(5).setStoreId(2).setRole(Metapb.PeerRole.Learner))
                    .setIsolationLevel(Kvrpcpb.IsolationLevel.RC)
                    .addResolvedLocks(99))
            .addMutations(
                Kvrpcpb.Mutation.newBuilder()
                    .setOp(Kvrpcpb.Op.Put)
                    .setKey(ByteString.copyFromUtf8("k1"))
                    .setValue(ByteString.copyFromUtf8("v1")))
            .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Del).setKey(ByteString.copyFromUtf8("k2")))
            .setPrimaryLock(ByteString.copyFromUtf8("k1"))
            .setStartVersion(400_000_000_000L)
            .setLockTtl(3000)
            .setMinCommitTs(400_000_000_001L)
            .setUseAsyncCommit(true)
            .addSecondaries(ByteString.copyFromUtf8("k2"))
            .setTryOnePc(true)
            .build();

    org.tikv.kvproto.Kvrpcpb.PrewriteRequest theirs =
        org.tikv.kvproto.Kvrpcpb.PrewriteRequest.parseFrom(ours.toByteArray());

    assertThat(theirs.getContext().getRegionId()).isEqualTo(42);
    assertThat(theirs.getContext().getRegionEpoch().getConfVer()).isEqualTo(3);
    assertThat(theirs.getContext().getRegionEpoch().getVersion()).isEqualTo(7);
    assertThat(theirs.getContext().getPeer().getStoreId()).isEqualTo(2);
    assertThat(theirs.getContext().getPeer().getRole()).isEqualTo(org.tikv.kvproto.Metapb.PeerRole.Learner);
    assertThat(theirs.getContext().getIsolationLevel()).isEqualTo(org.tikv.kvproto.Kvrpcpb.IsolationLevel.RC);
    assertThat(theirs.getContext().getResolvedLocksList()).containsExactly(99L);
    assertThat(theirs.getMutationsCount()).isEqualTo(2);
    assertThat(theirs.getMutations(0).getOp()).isEqualTo(org.tikv.kvproto.Kvrpcpb.Op.Put);
    assertThat(theirs.getMutations(0).getKey().toStringUtf8()).isEqualTo("k1");
    assertThat(theirs.getMutations(0).getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(theirs.getMutations(1).getOp()).isEqualTo(org.tikv.kvproto.Kvrpcpb.Op.Del);
    assertThat(theirs.getPrimaryLock().toStringUtf8()).isEqualTo("k1");
    assertThat(theirs.getStartVersion()).isEqualTo(400_000_000_000L);
    assertThat(theirs.getLockTtl()).isEqualTo(3000);
    assertThat(theirs.getMinCommitTs()).isEqualTo(400_000_000_001L);
    assertThat(theirs.getUseAsyncCommit()).isTrue();
    assertThat(theirs.getSecondaries(0).toStringUtf8()).isEqualTo("k2");
    assertThat(theirs.getTryOnePc()).isTrue();
    assertThat(theirs.getUnknownFields().asMap()).as("fields the client does not know").isEmpty();
    // and the client's re-encoding is byte-for-byte ours
    assertThat(theirs.toByteArray()).isEqualTo(ours.toByteArray());
  }

  @Test
  void regionErrorFromTikvClientParsesInKiln() throws Exception {
    org.tikv.kvproto.Errorpb.Error theirs =
        org.tikv.kvproto.Errorpb.Error.newBuilder()
            .setMessage("peer is not leader")
            .setNotLeader(
                org.tikv.kvproto.Errorpb.NotLeader.newBuilder()
                    .setRegionId(8)
                    .setLeader(org.tikv.kvproto.Metapb.Peer.newBuilder().setId(11).setStoreId(3)))
            .setEpochNotMatch(
                org.tikv.kvproto.Errorpb.EpochNotMatch.newBuilder()
                    .addCurrentRegions(
                        org.tikv.kvproto.Metapb.Region.newBuilder()
                            .setId(8)
                            .setStartKey(org.tikv.shade.com.google.protobuf.ByteString.copyFromUtf8("a"))
                            .setEndKey(org.tikv.shade.com.google.protobuf.ByteString.copyFromUtf8("m"))))
            .build();

    Errorpb.Error ours = Errorpb.Error.parseFrom(theirs.toByteArray());

    assertThat(ours.getMessage()).isEqualTo("peer is not leader");
    assertThat(ours.getNotLeader().getRegionId()).isEqualTo(8);
    assertThat(ours.getNotLeader().getLeader().getId()).isEqualTo(11);
    assertThat(ours.getNotLeader().getLeader().getStoreId()).isEqualTo(3);
    Metapb.Region region = ours.getEpochNotMatch().getCurrentRegions(0);
    assertThat(region.getId()).isEqualTo(8);
    assertThat(region.getStartKey().toStringUtf8()).isEqualTo("a");
    assertThat(region.getEndKey().toStringUtf8()).isEqualTo("m");
    assertThat(ours.getUnknownFields().asMap()).isEmpty();
    assertThat(ours.toByteArray()).isEqualTo(theirs.toByteArray());
  }

  @Test
  void raftMessageRoundTripsThroughTheClientsEraftpb() throws Exception {
    Eraftpb.Message ours =
        Eraftpb.Message.newBuilder()
            .setMsgType(Eraftpb.MessageType.MsgAppend)
            .setTo(2)
            .setFrom(1)
            .setTerm(5)
            .setLogTerm(4)
            .setIndex(10)
            .setCommit(9)
            .addEntries(
                Eraftpb.Entry.newBuilder()
                    .setEntryType(Eraftpb.EntryType.EntryConfChangeV2)
                    .setTerm(5)
                    .setIndex(11)
                    .setData(ByteString.copyFromUtf8("cc")))
            .setSnapshot(
                Eraftpb.Snapshot.newBuilder()
                    .setMetadata(
                        Eraftpb.SnapshotMetadata.newBuilder()
                            .setIndex(8)
                            .setTerm(3)
                            .setConfState(Eraftpb.ConfState.newBuilder().addVoters(1).addVoters(2).addLearners(3))))
            .setReject(true)
            .setRejectHint(7)
            .build();

    eraftpb.Eraftpb.Message theirs = eraftpb.Eraftpb.Message.parseFrom(ours.toByteArray());
    assertThat(theirs.getMsgType()).isEqualTo(eraftpb.Eraftpb.MessageType.MsgAppend);
    assertThat(theirs.getTerm()).isEqualTo(5);
    assertThat(theirs.getLogTerm()).isEqualTo(4);
    assertThat(theirs.getEntries(0).getEntryType()).isEqualTo(eraftpb.Eraftpb.EntryType.EntryConfChangeV2);
    assertThat(theirs.getEntries(0).getIndex()).isEqualTo(11);
    assertThat(theirs.getSnapshot().getMetadata().getConfState().getLearnersList()).containsExactly(3L);
    assertThat(theirs.getRejectHint()).isEqualTo(7);

    Eraftpb.Message back = Eraftpb.Message.parseFrom(theirs.toByteArray());
    assertThat(back).isEqualTo(ours);
  }

  @Test
  void pdTimestampRequestFromTheClientParsesInKiln() throws Exception {
    org.tikv.kvproto.Pdpb.TsoRequest theirs =
        org.tikv.kvproto.Pdpb.TsoRequest.newBuilder()
            .setHeader(org.tikv.kvproto.Pdpb.RequestHeader.newBuilder().setClusterId(6_900_000_000_000_000_001L))
            .setCount(16)
            .build();
    Pdpb.TsoRequest ours = Pdpb.TsoRequest.parseFrom(theirs.toByteArray());
    assertThat(ours.getHeader().getClusterId()).isEqualTo(6_900_000_000_000_000_001L);
    assertThat(ours.getCount()).isEqualTo(16);
  }

  @Test
  void grpcServiceNamesAreTikvs() {
    assertThat(TikvGrpc.SERVICE_NAME).isEqualTo("tikvpb.Tikv").isEqualTo(org.tikv.kvproto.TikvGrpc.SERVICE_NAME);
    assertThat(PDGrpc.SERVICE_NAME).isEqualTo("pdpb.PD").isEqualTo(org.tikv.kvproto.PDGrpc.SERVICE_NAME);
    assertThat(TikvGrpc.getKvPrewriteMethod().getFullMethodName())
        .isEqualTo(org.tikv.kvproto.TikvGrpc.getKvPrewriteMethod().getFullMethodName());
  }

  // ---------------------------------------------------------------- schemas, field by field

  static Stream<Arguments> sharedSchemaFiles() {
    return Stream.of(
        Arguments.of(Eraftpb.class, "eraftpb.Eraftpb"),
        Arguments.of(Metapb.class, "org.tikv.kvproto.Metapb"),
        Arguments.of(Errorpb.class, "org.tikv.kvproto.Errorpb"),
        Arguments.of(Kvrpcpb.class, "org.tikv.kvproto.Kvrpcpb"),
        Arguments.of(Tikvpb.class, "org.tikv.kvproto.Tikvpb"),
        Arguments.of(Pdpb.class, "org.tikv.kvproto.Pdpb"),
        Arguments.of(RaftServerpb.class, "org.tikv.kvproto.RaftServerpb"),
        Arguments.of(RaftCmdpb.class, "org.tikv.kvproto.RaftCmdpb"),
        Arguments.of(Coprocessor.class, "org.tikv.kvproto.Coprocessor"),
        Arguments.of(Mpp.class, "org.tikv.kvproto.Mpp"),
        Arguments.of(DeadlockOuterClass.class, "deadlock.DeadlockOuterClass"),
        Arguments.of(Encryptionpb.class, "org.tikv.kvproto.Encryptionpb"),
        Arguments.of(ImportSstpb.class, "org.tikv.kvproto.ImportSstpb"),
        Arguments.of(DiskUsageOuterClass.class, "org.tikv.kvproto.DiskUsageOuterClass"),
        Arguments.of(Tracepb.class, "org.tikv.kvproto.Tracepb"),
        Arguments.of(ReplicationModepb.class, "replication_modepb.ReplicationModepb"),
        Arguments.of(Brpb.class, "org.tikv.kvproto.Brpb"),
        Arguments.of(Cdcpb.class, "org.tikv.kvproto.Cdcpb"),
        Arguments.of(Debugpb.class, "org.tikv.kvproto.Debugpb"),
        Arguments.of(Rustproto.class, "rustproto.Rustproto"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("sharedSchemaFiles")
  void schemaFileIsIdenticalToTheClients(Class<?> ours, String theirsClassName) throws Exception {
    FileDescriptorProto ourFile = withoutJavaOptions(descriptorBytes(ours));
    FileDescriptorProto theirFile = withoutJavaOptions(descriptorBytes(Class.forName(theirsClassName)));
    int definitions = ourFile.getMessageTypeCount() + ourFile.getEnumTypeCount()
        + ourFile.getServiceCount() + ourFile.getExtensionCount();
    assertThat(definitions).as("definitions in %s", ourFile.getName()).isPositive();
    assertThat(ourFile).isEqualTo(theirFile);
  }

  /** The file's descriptor, serialized; works for both our protobuf and the client's shaded one. */
  private static byte[] descriptorBytes(Class<?> outerClass) throws Exception {
    Object descriptor = outerClass.getMethod("getDescriptor").invoke(null);
    Object proto = descriptor.getClass().getMethod("toProto").invoke(descriptor);
    Method toBytes = proto.getClass().getMethod("toByteArray");
    return (byte[]) toBytes.invoke(proto);
  }

  /** Java-only options (the package we moved the classes to) do not reach the wire. */
  private static FileDescriptorProto withoutJavaOptions(byte[] bytes) throws InvalidProtocolBufferException {
    FileDescriptorProto.Builder file = FileDescriptorProto.parseFrom(bytes).toBuilder();
    file.getOptionsBuilder().clearJavaPackage().clearJavaOuterClassname();
    if (file.getOptions().getAllFields().isEmpty() && file.getOptions().getUnknownFields().asMap().isEmpty()) {
      file.clearOptions();
    }
    return file.build();
  }
}
