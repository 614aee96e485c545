package io.kiln.storage;

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
import io.kiln.storage.txn.ReadCommand;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A store for command-level tests: {@link StandaloneKv} over a {@link MemoryKvEngine} and a tiny
 * synchronous scheduler (snapshot -> processWrite -> write -> release guards -> next step or
 * response), plus helpers to plant and inspect MVCC data by raw key.
 */
public final class TxnHarness {

  public final MemoryKvEngine engine = new MemoryKvEngine();
  public final StandaloneKv kv = new StandaloneKv(engine, false);
  public final ConcurrencyManager cm = new ConcurrencyManager(0);
  public final TxnContext context = new TxnContext(cm);
  /** The number of write steps the last {@link #run} took. */
  public int lastSteps;

  public static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] enc(String raw) {
    return KeyCodec.encode(b(raw));
  }

  public RegionSnapshot snapshot() {
    return kv.asyncSnapshot(Kvrpcpb.Context.getDefaultInstance()).join();
  }

  /** Runs {@code cmd} and its next steps to the end, as the scheduler would, one at a time. */
  public <R> R run(WriteCommand<R> cmd) {
    lastSteps = 0;
    WriteCommand<R> current = cmd;
    while (true) {
      WriteResult<R> result;
      try (RegionSnapshot snap = snapshot()) {
        result = current.processWrite(snap, context);
      }
      kv.write(result.modifies());
      for (AutoCloseable guard : result.releaseAfterWrite()) {
        try {
          guard.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      lastSteps++;
      if (result.next() == null) {
        return result.response();
      }
      current = result.next();
    }
  }

  /** Runs the processWrite of {@code cmd} only: what it would write, without writing. */
  public <R> WriteResult<R> dryRun(WriteCommand<R> cmd) {
    try (RegionSnapshot snap = snapshot()) {
      return cmd.processWrite(snap, context);
    }
  }

  public <R> R read(ReadCommand<R> cmd) {
    try (RegionSnapshot snap = snapshot()) {
      return cmd.processRead(snap, context);
    }
  }

  public void apply(MvccTxn txn) {
    kv.write(txn.modifies());
  }

  // --- planting data by raw key ---

  public void putLock(String rawKey, Lock lock) {
    MvccTxn t = new MvccTxn();
    t.putLock(enc(rawKey), lock);
    apply(t);
  }

  public void putWrite(String rawKey, long commitTs, Write write) {
    MvccTxn t = new MvccTxn();
    t.putWrite(enc(rawKey), commitTs, write);
    apply(t);
  }

  public void putValue(String rawKey, long startTs, byte[] value) {
    MvccTxn t = new MvccTxn();
    t.putValue(enc(rawKey), startTs, value);
    apply(t);
  }

  /** A committed Put of {@code value} (inlined) by the transaction startTs-commitTs. */
  public void putCommitted(String rawKey, String value, long startTs, long commitTs) {
    putWrite(rawKey, commitTs, new Write(io.kiln.storage.mvcc.WriteType.PUT, startTs, b(value)));
  }

  // --- inspecting ---

  public Lock lockOf(String rawKey) {
    byte[] v = engine.get(Cf.LOCK, Keys.dataKey(enc(rawKey)));
    return v == null ? null : Lock.parse(v);
  }

  public Write writeAt(String rawKey, long commitTs) {
    byte[] v = engine.get(Cf.WRITE, Keys.dataKey(KeyCodec.appendTs(enc(rawKey), commitTs)));
    return v == null ? null : Write.parse(v);
  }

  public byte[] valueAt(String rawKey, long startTs) {
    return engine.get(Cf.DEFAULT, Keys.dataKey(KeyCodec.appendTs(enc(rawKey), startTs)));
  }

  /** The number of entries in {@code cf}. */
  public int count(String cf) {
    int n = 0;
    try (EngineIterator it = engine.iterator(cf, Keys.DATA_MIN_KEY, Keys.DATA_MAX_KEY)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        n++;
      }
    }
    return n;
  }

  /** The commit timestamps of every write record of {@code rawKey}, newest first. */
  public List<Long> writeTsOf(String rawKey) {
    List<Long> out = new ArrayList<>();
    byte[] k = enc(rawKey);
    try (EngineIterator it = engine.iterator(Cf.WRITE, Keys.DATA_MIN_KEY, Keys.DATA_MAX_KEY)) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        byte[] key = Keys.originKey(it.key());
        if (KeyCodec.isVersionOf(key, k)) {
          out.add(KeyCodec.decodeTs(key));
        }
      }
    }
    return out;
  }
}
