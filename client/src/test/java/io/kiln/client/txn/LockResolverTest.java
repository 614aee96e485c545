package io.kiln.client.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.client.error.ServerErrorException;
import io.kiln.client.pd.Timestamps;
import io.kiln.proto.Kvrpcpb;
import org.junit.jupiter.api.Test;

class LockResolverTest {

  @Test
  void aCommitVersionMeansCommitted() {
    assertThat(LockResolver.decide(Kvrpcpb.CheckTxnStatusResponse.newBuilder().setCommitVersion(42).build()))
        .isEqualTo(new LockStatus.Committed(42));
  }

  @Test
  void aLockTtlMeansAlive() {
    assertThat(LockResolver.decide(Kvrpcpb.CheckTxnStatusResponse.newBuilder().setLockTtl(3000)
        .setAction(Kvrpcpb.Action.MinCommitTSPushed).build())).isEqualTo(new LockStatus.Alive(3000, true));
  }

  @Test
  void aLockWhoseCommitWasNotPushedKeepsTheReaderWaiting() {
    assertThat(LockResolver.decide(Kvrpcpb.CheckTxnStatusResponse.newBuilder().setLockTtl(3000)
        .setAction(Kvrpcpb.Action.NoAction).build())).isEqualTo(new LockStatus.Alive(3000, false));
  }

  @Test
  void neitherMeansRolledBack() {
    assertThat(LockResolver.decide(Kvrpcpb.CheckTxnStatusResponse.newBuilder()
        .setAction(Kvrpcpb.Action.TTLExpireRollback).build())).isEqualTo(new LockStatus.RolledBack());
    assertThat(LockResolver.decide(Kvrpcpb.CheckTxnStatusResponse.newBuilder()
        .setAction(Kvrpcpb.Action.LockNotExistRollback).build())).isEqualTo(new LockStatus.RolledBack());
  }

  @Test
  void txnNotFoundBeforeTheTtlExpiresMeansWait() {
    Kvrpcpb.CheckTxnStatusResponse r = Kvrpcpb.CheckTxnStatusResponse.newBuilder().setError(Kvrpcpb.KeyError
        .newBuilder().setTxnNotFound(Kvrpcpb.TxnNotFound.newBuilder().setStartTs(5))).build();
    assertThat(LockResolver.decide(r)).isInstanceOf(LockStatus.Alive.class);
  }

  @Test
  void otherKeyErrorsAreThrown() {
    Kvrpcpb.CheckTxnStatusResponse r = Kvrpcpb.CheckTxnStatusResponse.newBuilder()
        .setError(Kvrpcpb.KeyError.newBuilder().setAbort("bad")).build();
    assertThatThrownBy(() -> LockResolver.decide(r)).isInstanceOf(ServerErrorException.class).hasMessageContaining("bad");
  }

  @Test
  void ttlIsMeasuredFromTheLocksStartTs() {
    Kvrpcpb.LockInfo lock = Kvrpcpb.LockInfo.newBuilder().setLockVersion(Timestamps.compose(10_000, 3))
        .setLockTtl(3_000).build();
    assertThat(LockResolver.ttlExpired(lock, Timestamps.compose(12_999, 0))).isFalse();
    assertThat(LockResolver.ttlExpired(lock, Timestamps.compose(13_000, 0))).isTrue();
  }
}
