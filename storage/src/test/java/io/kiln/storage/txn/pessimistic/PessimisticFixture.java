package io.kiln.storage.txn.pessimistic;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.storage.kv.StandaloneKv;
import io.kiln.storage.mvcc.KeyCodec;
import io.kiln.storage.mvcc.Lock;
import io.kiln.storage.mvcc.MvccTxn;
import io.kiln.storage.mvcc.Write;
import io.kiln.storage.mvcc.WriteType;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import io.kiln.storage.txn.commands.AcquirePessimisticLockCommand;
import io.kiln.storage.txn.commands.PessimisticRollbackCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One store for the pessimistic-lock tests: {@link StandaloneKv} over a {@link MemoryKvEngine},
 * a synchronous runner (snapshot, processWrite, write, release, then the next step if any), the
 * requests the tests send, and helpers to plant and read MVCC data by raw key.
 */
final class PessimisticFixture {

  static final String PRIMARY = "pk";
  static final long TTL = 3000;

  final MemoryKvEngine engine = new MemoryKvEngine();
  final StandaloneKv kv = new StandaloneKv(engine, false);
  final ConcurrencyManager cm = new ConcurrencyManager(0);
  final TxnContext context = new TxnContext(cm);
  /** The steps the last {@link #run} took. */
  int steps;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static byte[] enc(String raw) {
    return KeyCodec.encode(b(raw));
  }

  RegionSnapshot snapshot() {
    return kv.asyncSnapshot(Kvrpcpb.Context.getDefaultInstance()).join();
  }

  /** Runs {@code cmd} and its next steps as the scheduler would, one at a time. */
  <R> R run(WriteCommand<R> cmd) {
    steps = 0;
    WriteCommand<R> current = cmd;
    while (true) {
      WriteResult<R> result = dryRun(current);
      kv.write(result.modifies());
      for (AutoCloseable guard : result.releaseAfterWrite()) {
        try {
          guard.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      steps++;
      if (result.next() == null) {
        return result.response();
      }
      current = result.next();
    }
  }

  /** One processWrite of {@code cmd} on a fresh snapshot: what it would write, unwritten. */
  <R> WriteResult<R> dryRun(WriteCommand<R> cmd) {
    try (RegionSnapshot snap = snapshot()) {
      return cmd.processWrite(snap, context);
    }
  }

  // --- requests ---

  /** A lock request of transaction {@code startTs} for {@code keys}, primary {@link #PRIMARY}. */
  static Kvrpcpb.PessimisticLockRequest.Builder lockReq(long startTs, long forUpdateTs,
      String... keys) {
    Kvrpcpb.PessimisticLockRequest.Builder b = Kvrpcpb.PessimisticLockRequest.newBuilder()
        .setPrimaryLock(bs(PRIMARY))
        .setStartVersion(startTs)
        .setForUpdateTs(forUpdateTs)
        .setLockTtl(TTL);
    for (String k : keys) {
      b.addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.PessimisticLock).setKey(bs(k)));
    }
    return b;
  }

  /** {@code key} must not exist (assertion NotExist), as TiDB's INSERT sends it. */
  static Kvrpcpb.Mutation notExist(String key) {
    return Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.PessimisticLock).setKey(bs(key))
        .setAssertion(Kvrpcpb.Assertion.NotExist).build();
  }

  Kvrpcpb.PessimisticLockResponse lock(Kvrpcpb.PessimisticLockRequest.Builder req) {
    return run(new AcquirePessimisticLockCommand(req.build()));
  }

  Kvrpcpb.PessimisticLockResponse lock(long startTs, long forUpdateTs, String... keys) {
    return lock(lockReq(startTs, forUpdateTs, keys));
  }

  Kvrpcpb.PessimisticRollbackResponse rollback(long startTs, long forUpdateTs, String... keys) {
    Kvrpcpb.PessimisticRollbackRequest.Builder b = Kvrpcpb.PessimisticRollbackRequest.newBuilder()
        .setStartVersion(startTs).setForUpdateTs(forUpdateTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return run(new PessimisticRollbackCommand(b.build()));
  }

  // --- planting data by raw key ---

  void apply(MvccTxn txn) {
    kv.write(txn.modifies());
  }

  void putLock(String rawKey, Lock lock) {
    MvccTxn t = new MvccTxn();
    t.putLock(enc(rawKey), lock);
    apply(t);
  }

  void putWrite(String rawKey, long commitTs, Write write) {
    MvccTxn t = new MvccTxn();
    t.putWrite(enc(rawKey), commitTs, write);
    apply(t);
  }

  /** A committed Put of {@code value} (inlined) by the transaction startTs-commitTs. */
  void putCommitted(String rawKey, String value, long startTs, long commitTs) {
    putWrite(rawKey, commitTs, new Write(WriteType.PUT, startTs, b(value)));
  }

  /** A committed Put whose value lives in the default CF (a long value). */
  void putCommittedLong(String rawKey, byte[] value, long startTs, long commitTs) {
    MvccTxn t = new MvccTxn();
    t.putValue(enc(rawKey), startTs, value);
    t.putWrite(enc(rawKey), commitTs, new Write(WriteType.PUT, startTs, null));
    apply(t);
  }

  void putRecord(String rawKey, WriteType type, long startTs, long commitTs) {
    putWrite(rawKey, commitTs, new Write(type, startTs, null));
  }

  /** A pessimistic lock of another kind of request, planted directly. */
  static Lock pessimisticLock(long startTs, long forUpdateTs) {
    return new Lock(io.kiln.storage.mvcc.LockType.PESSIMISTIC, b(PRIMARY), startTs, TTL, null,
        forUpdateTs, 0, 0, false, List.of(), List.of());
  }

  // --- inspecting ---

  Lock lockOf(String rawKey) {
    byte[] v = engine.get(Cf.LOCK, Keys.dataKey(enc(rawKey)));
    return v == null ? null : Lock.parse(v);
  }

  Write writeAt(String rawKey, long commitTs) {
    byte[] v = engine.get(Cf.WRITE, Keys.dataKey(KeyCodec.appendTs(enc(rawKey), commitTs)));
    return v == null ? null : Write.parse(v);
  }

  /** The number of entries in {@code cf}. */
  int count(String cf) {
    int n = 0;
    try (EngineIterator it = engine.iterator(cf, Keys.DATA_MIN_KEY, Keys.DATA_MAX_KEY)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        n++;
      }
    }
    return n;
  }
}
