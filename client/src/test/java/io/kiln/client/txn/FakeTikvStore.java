package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kiln.client.pd.Timestamps;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.TikvGrpc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-region store on loopback with a tiny in-memory Percolator (locks, and writes by
 * commit_ts), enough to drive the client's two-phase commit and lock resolution: KvGet,
 * KvBatchGet, KvPrewrite, KvCommit, KvBatchRollback, KvCheckTxnStatus, KvResolveLock,
 * KvTxnHeartBeat. Faults: drop the commit of secondaries, answer the first commit with
 * CommitTsExpired.
 */
final class FakeTikvStore implements AutoCloseable {

  record Lock(ByteString primary, long startTs, long ttl, Kvrpcpb.Op op, ByteString value) {}

  record Write(long startTs, Kvrpcpb.Op op, ByteString value) {}

  private final Map<ByteString, Lock> locks = new HashMap<>();
  private final Map<ByteString, NavigableMap<Long, Write>> writes = new HashMap<>();
  volatile boolean dropSecondaryCommits;
  final AtomicLong expireFirstCommitBelow = new AtomicLong();
  final AtomicInteger heartbeats = new AtomicInteger();
  final AtomicInteger prewrites = new AtomicInteger();
  private final Server server;

  FakeTikvStore() throws IOException {
    server = ServerBuilder.forPort(0).addService(new Service()).build().start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The TTL of the lock on {@code key}, or -1 when there is none. */
  synchronized long lockTtl(ByteString key) {
    Lock l = locks.get(key);
    return l == null ? -1 : l.ttl();
  }

  synchronized int lockCount() {
    return locks.size();
  }

  /** Puts a lock of an abandoned transaction on {@code key}. */
  synchronized void plantLock(ByteString key, ByteString primary, long startTs, long ttl) {
    locks.put(key, new Lock(primary, startTs, ttl, Kvrpcpb.Op.Put, ByteString.copyFromUtf8("abandoned")));
  }

  private synchronized Kvrpcpb.KeyError readCheck(ByteString key, long ts) {
    Lock l = locks.get(key);
    if (l != null && l.startTs() <= ts) {
      return Kvrpcpb.KeyError.newBuilder().setLocked(lockInfo(key, l)).build();
    }
    return null;
  }

  private synchronized Write visible(ByteString key, long ts) {
    NavigableMap<Long, Write> w = writes.get(key);
    if (w == null) {
      return null;
    }
    for (Map.Entry<Long, Write> e : w.headMap(ts, true).descendingMap().entrySet()) {
      if (e.getValue().op() != Kvrpcpb.Op.Rollback) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Kvrpcpb.LockInfo lockInfo(ByteString key, Lock l) {
    return Kvrpcpb.LockInfo.newBuilder().setKey(key).setPrimaryLock(l.primary()).setLockVersion(l.startTs())
        .setLockTtl(l.ttl()).setLockType(l.op()).build();
  }

  private synchronized Long committedAt(ByteString key, long startTs) {
    NavigableMap<Long, Write> w = writes.get(key);
    if (w != null) {
      for (Map.Entry<Long, Write> e : w.entrySet()) {
        if (e.getValue().startTs() == startTs) {
          return e.getValue().op() == Kvrpcpb.Op.Rollback ? 0L : e.getKey();
        }
      }
    }
    return null;
  }

  private synchronized void commitKey(ByteString key, long startTs, long commitTs) {
    Lock l = locks.remove(key);
    writes.computeIfAbsent(key, k -> new TreeMap<>()).put(commitTs, new Write(startTs, l.op(), l.value()));
  }

  private synchronized void rollbackKey(ByteString key, long startTs) {
    Lock l = locks.get(key);
    if (l != null && l.startTs() == startTs) {
      locks.remove(key);
    }
    if (committedAt(key, startTs) == null) {
      writes.computeIfAbsent(key, k -> new TreeMap<>()).put(startTs, new Write(startTs, Kvrpcpb.Op.Rollback,
          ByteString.EMPTY));
    }
  }

  private final class Service extends TikvGrpc.TikvImplBase {

    @Override
    public void kvGet(Kvrpcpb.GetRequest r, StreamObserver<Kvrpcpb.GetResponse> out) {
      Kvrpcpb.GetResponse.Builder b = Kvrpcpb.GetResponse.newBuilder();
      Kvrpcpb.KeyError e = readCheck(r.getKey(), r.getVersion());
      if (e != null) {
        b.setError(e);
      } else {
        Write w = visible(r.getKey(), r.getVersion());
        if (w == null || w.op() == Kvrpcpb.Op.Del) {
          b.setNotFound(true);
        } else {
          b.setValue(w.value());
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void kvBatchGet(Kvrpcpb.BatchGetRequest r, StreamObserver<Kvrpcpb.BatchGetResponse> out) {
      Kvrpcpb.BatchGetResponse.Builder b = Kvrpcpb.BatchGetResponse.newBuilder();
      for (ByteString key : r.getKeysList()) {
        Kvrpcpb.KeyError e = readCheck(key, r.getVersion());
        if (e != null) {
          b.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(key).setError(e));
          continue;
        }
        Write w = visible(key, r.getVersion());
        if (w != null && w.op() == Kvrpcpb.Op.Put) {
          b.addPairs(Kvrpcpb.KvPair.newBuilder().setKey(key).setValue(w.value()));
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void kvPrewrite(Kvrpcpb.PrewriteRequest r, StreamObserver<Kvrpcpb.PrewriteResponse> out) {
      prewrites.incrementAndGet();
      Kvrpcpb.PrewriteResponse.Builder b = Kvrpcpb.PrewriteResponse.newBuilder();
      synchronized (FakeTikvStore.this) {
        for (Kvrpcpb.Mutation m : r.getMutationsList()) {
          Lock l = locks.get(m.getKey());
          if (l != null && l.startTs() != r.getStartVersion()) {
            b.addErrors(Kvrpcpb.KeyError.newBuilder().setLocked(lockInfo(m.getKey(), l)));
            continue;
          }
          NavigableMap<Long, Write> w = writes.get(m.getKey());
          if (w != null && !w.isEmpty() && w.lastKey() >= r.getStartVersion()
              && w.lastEntry().getValue().startTs() != r.getStartVersion()) {
            b.addErrors(Kvrpcpb.KeyError.newBuilder().setConflict(Kvrpcpb.WriteConflict.newBuilder()
                .setStartTs(r.getStartVersion()).setConflictTs(w.lastEntry().getValue().startTs())
                .setConflictCommitTs(w.lastKey()).setKey(m.getKey()).setPrimary(r.getPrimaryLock())));
          }
        }
        if (b.getErrorsCount() == 0) {
          for (Kvrpcpb.Mutation m : r.getMutationsList()) {
            locks.put(m.getKey(), new Lock(r.getPrimaryLock(), r.getStartVersion(), r.getLockTtl(), m.getOp(),
                m.getValue()));
          }
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void kvCommit(Kvrpcpb.CommitRequest r, StreamObserver<Kvrpcpb.CommitResponse> out) {
      Kvrpcpb.CommitResponse.Builder b = Kvrpcpb.CommitResponse.newBuilder();
      synchronized (FakeTikvStore.this) {
        long min = expireFirstCommitBelow.getAndSet(0);
        if (min > 0 && r.getCommitVersion() < min) {
          b.setError(Kvrpcpb.KeyError.newBuilder().setCommitTsExpired(Kvrpcpb.CommitTsExpired.newBuilder()
              .setStartTs(r.getStartVersion()).setAttemptedCommitTs(r.getCommitVersion()).setMinCommitTs(min)));
        } else if (dropSecondaryCommits && !isPrimaryCommit(r)) {
          // lost on the way: the locks stay
        } else {
          for (ByteString key : r.getKeysList()) {
            Lock l = locks.get(key);
            if (l != null && l.startTs() == r.getStartVersion()) {
              commitKey(key, r.getStartVersion(), r.getCommitVersion());
            } else if (committedAt(key, r.getStartVersion()) == null || committedAt(key, r.getStartVersion()) == 0) {
              b.setError(Kvrpcpb.KeyError.newBuilder().setRetryable("TxnLockNotFound"));
              break;
            }
          }
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    private boolean isPrimaryCommit(Kvrpcpb.CommitRequest r) {
      Lock l = locks.get(r.getKeys(0));
      return l != null && l.primary().equals(r.getKeys(0));
    }

    @Override
    public void kvBatchRollback(Kvrpcpb.BatchRollbackRequest r, StreamObserver<Kvrpcpb.BatchRollbackResponse> out) {
      for (ByteString key : r.getKeysList()) {
        rollbackKey(key, r.getStartVersion());
      }
      out.onNext(Kvrpcpb.BatchRollbackResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void kvCheckTxnStatus(Kvrpcpb.CheckTxnStatusRequest r, StreamObserver<Kvrpcpb.CheckTxnStatusResponse> out) {
      Kvrpcpb.CheckTxnStatusResponse.Builder b = Kvrpcpb.CheckTxnStatusResponse.newBuilder();
      synchronized (FakeTikvStore.this) {
        Lock l = locks.get(r.getPrimaryKey());
        if (l != null && l.startTs() == r.getLockTs()) {
          long age = Timestamps.physical(r.getCurrentTs()) - Timestamps.physical(l.startTs());
          if (age >= l.ttl()) {
            rollbackKey(r.getPrimaryKey(), l.startTs());
            b.setAction(Kvrpcpb.Action.TTLExpireRollback);
          } else {
            b.setLockTtl(l.ttl()).setLockInfo(lockInfo(r.getPrimaryKey(), l));
          }
        } else {
          Long commit = committedAt(r.getPrimaryKey(), r.getLockTs());
          if (commit != null) {
            b.setCommitVersion(commit);
          } else if (r.getRollbackIfNotExist()) {
            rollbackKey(r.getPrimaryKey(), r.getLockTs());
            b.setAction(Kvrpcpb.Action.LockNotExistRollback);
          } else {
            b.setError(Kvrpcpb.KeyError.newBuilder().setTxnNotFound(Kvrpcpb.TxnNotFound.newBuilder()
                .setStartTs(r.getLockTs()).setPrimaryKey(r.getPrimaryKey())));
          }
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }

    @Override
    public void kvResolveLock(Kvrpcpb.ResolveLockRequest r, StreamObserver<Kvrpcpb.ResolveLockResponse> out) {
      synchronized (FakeTikvStore.this) {
        List<ByteString> keys = new ArrayList<>(r.getKeysList());
        for (ByteString key : keys) {
          Lock l = locks.get(key);
          if (l == null || l.startTs() != r.getStartVersion()) {
            continue;
          }
          if (r.getCommitVersion() > 0) {
            commitKey(key, r.getStartVersion(), r.getCommitVersion());
          } else {
            rollbackKey(key, r.getStartVersion());
          }
        }
      }
      out.onNext(Kvrpcpb.ResolveLockResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void kvTxnHeartBeat(Kvrpcpb.TxnHeartBeatRequest r, StreamObserver<Kvrpcpb.TxnHeartBeatResponse> out) {
      heartbeats.incrementAndGet();
      Kvrpcpb.TxnHeartBeatResponse.Builder b = Kvrpcpb.TxnHeartBeatResponse.newBuilder();
      synchronized (FakeTikvStore.this) {
        Lock l = locks.get(r.getPrimaryLock());
        if (l == null || l.startTs() != r.getStartVersion()) {
          b.setError(Kvrpcpb.KeyError.newBuilder().setTxnNotFound(Kvrpcpb.TxnNotFound.newBuilder()
              .setStartTs(r.getStartVersion())));
        } else {
          long ttl = Math.max(l.ttl(), r.getAdviseLockTtl());
          locks.put(r.getPrimaryLock(), new Lock(l.primary(), l.startTs(), ttl, l.op(), l.value()));
          b.setLockTtl(ttl);
        }
      }
      out.onNext(b.build());
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
