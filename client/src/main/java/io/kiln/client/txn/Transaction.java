package io.kiln.client.txn;

import com.google.protobuf.ByteString;
import io.kiln.client.KeyValue;
import io.kiln.client.codec.Keys;
import io.kiln.client.error.TxnAbortedException;
import io.kiln.proto.Kvrpcpb;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One optimistic transaction under snapshot isolation: reads see the data committed before its
 * start_ts plus its own buffered writes; {@link #set}/{@link #delete} only buffer; {@link #commit}
 * runs two-phase commit. A write conflict at commit throws a retryable
 * {@link io.kiln.client.error.TxnConflictException}: run the whole transaction again. Not
 * thread-safe: one transaction, one thread (the async forms run on the client's executor, one
 * at a time per transaction).
 */
public final class Transaction {

  private enum State { ACTIVE, COMMITTING, COMMITTED, ROLLED_BACK }

  private final TxnClient client;
  private final TxnSnapshot snapshot;
  /** Buffered writes by key; an empty value is a delete. */
  private final TreeMap<byte[], Optional<byte[]>> buffer = new TreeMap<>(Keys.ORDER);
  private State state = State.ACTIVE;
  private TwoPhaseCommitter committer;
  private long commitTs;

  Transaction(TxnClient client, TxnSnapshot snapshot) {
    this.client = client;
    this.snapshot = snapshot;
  }

  public long startTs() {
    return snapshot.ts();
  }

  /** The commit_ts once committed, else 0. */
  public long commitTs() {
    return commitTs;
  }

  public Optional<byte[]> get(byte[] key) {
    checkActive();
    Optional<byte[]> own = buffer.get(key);
    if (own != null) {
      return own;
    }
    return snapshot.get(key);
  }

  /** The pairs that exist among {@code keys} (own writes included), in key order. */
  public List<KeyValue> batchGet(List<byte[]> keys) {
    checkActive();
    List<byte[]> remote = new ArrayList<>();
    TreeMap<byte[], byte[]> out = new TreeMap<>(Keys.ORDER);
    for (byte[] k : keys) {
      Optional<byte[]> own = buffer.get(k);
      if (own == null) {
        remote.add(k);
      } else {
        own.ifPresent(v -> out.put(k, v));
      }
    }
    if (!remote.isEmpty()) {
      for (KeyValue kv : snapshot.batchGet(remote)) {
        out.put(kv.key(), kv.value());
      }
    }
    List<KeyValue> list = new ArrayList<>();
    out.forEach((k, v) -> list.add(new KeyValue(k, v)));
    return list;
  }

  /** Up to {@code limit} pairs in {@code [start, end)} (empty end: to the last key), own writes included. */
  public List<KeyValue> scan(byte[] start, byte[] end, int limit) {
    checkActive();
    Map<byte[], Optional<byte[]>> own = end.length == 0 ? buffer.tailMap(start, true) : buffer.subMap(start, end);
    long deletes = own.values().stream().filter(Optional::isEmpty).count();
    TreeMap<byte[], byte[]> merged = new TreeMap<>(Keys.ORDER);
    for (KeyValue kv : snapshot.scan(start, end, (int) Math.min(Integer.MAX_VALUE, limit + deletes), false)) {
      merged.put(kv.key(), kv.value());
    }
    own.forEach((k, v) -> {
      if (v.isPresent()) {
        merged.put(k, v.get());
      } else {
        merged.remove(k);
      }
    });
    List<KeyValue> list = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
      if (list.size() == limit) {
        break;
      }
      list.add(new KeyValue(e.getKey(), e.getValue()));
    }
    return list;
  }

  /** Buffers a write of {@code key}. */
  public void set(byte[] key, byte[] value) {
    checkActive();
    buffer.put(key.clone(), Optional.of(value.clone()));
  }

  /** Buffers a delete of {@code key}. */
  public void delete(byte[] key) {
    checkActive();
    buffer.put(key.clone(), Optional.empty());
  }

  /** The buffered writes in key order (deletes as empty values). */
  public Map<byte[], Optional<byte[]>> writes() {
    return Collections.unmodifiableMap(buffer);
  }

  /**
   * Commits the buffered writes with two-phase commit and returns the commit_ts (the start_ts
   * when nothing was written). The transaction is committed once this returns; the secondary
   * keys are committed in the background.
   */
  public long commit() {
    checkActive();
    state = State.COMMITTING;
    try {
      if (buffer.isEmpty()) {
        commitTs = startTs();
      } else {
        Map<ByteString, Kvrpcpb.Mutation> mutations = new java.util.LinkedHashMap<>();
        buffer.forEach((k, v) -> {
          Kvrpcpb.Mutation.Builder m = Kvrpcpb.Mutation.newBuilder().setKey(ByteString.copyFrom(k));
          if (v.isPresent()) {
            m.setOp(Kvrpcpb.Op.Put).setValue(ByteString.copyFrom(v.get()));
          } else {
            m.setOp(Kvrpcpb.Op.Del);
          }
          mutations.put(ByteString.copyFrom(k), m.build());
        });
        committer = new TwoPhaseCommitter(client, startTs(), mutations);
        commitTs = committer.commit();
      }
      state = State.COMMITTED;
      return commitTs;
    } catch (RuntimeException e) {
      state = State.ROLLED_BACK;
      throw e;
    }
  }

  /** Drops the buffered writes; nothing was written to the stores before commit. */
  public void rollback() {
    if (state == State.ACTIVE) {
      buffer.clear();
      state = State.ROLLED_BACK;
    }
  }

  /** Done when the background commit of the secondary keys has ended. */
  public CompletableFuture<Void> secondariesCommitted() {
    return committer == null ? CompletableFuture.completedFuture(null) : committer.secondaries();
  }

  public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
    return CompletableFuture.supplyAsync(() -> get(key), client.executor());
  }

  public CompletableFuture<List<KeyValue>> batchGetAsync(List<byte[]> keys) {
    return CompletableFuture.supplyAsync(() -> batchGet(keys), client.executor());
  }

  public CompletableFuture<List<KeyValue>> scanAsync(byte[] start, byte[] end, int limit) {
    return CompletableFuture.supplyAsync(() -> scan(start, end, limit), client.executor());
  }

  public CompletableFuture<Long> commitAsync() {
    return CompletableFuture.supplyAsync(this::commit, client.executor());
  }

  private void checkActive() {
    if (state != State.ACTIVE) {
      throw new TxnAbortedException("txn " + startTs() + " is " + state.name().toLowerCase().replace('_', ' '), false);
    }
  }
}
