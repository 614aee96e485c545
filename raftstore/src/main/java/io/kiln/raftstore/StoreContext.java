package io.kiln.raftstore;

import io.kiln.engine.KvEngine;
import io.kiln.engine.RaftEngine;
import io.kiln.proto.RaftServerpb.RaftMessage;
import java.util.function.LongSupplier;

/**
 * What every peer of a store shares: its id, settings, engines, transport and clock. Immutable;
 * handed to each PeerFsm (TiKV's {@code PollContext} minus the per-round state).
 */
public record StoreContext(
    long storeId,
    RaftStoreConfig config,
    KvEngine kv,
    RaftEngine raftEngine,
    Transport transport,
    LongSupplier nanoClock,
    FailPoints failPoints,
    RaftLogGcWorker logGc,
    io.kiln.raftstore.snap.SnapManager snapManager,
    io.kiln.raftstore.snap.RegionWorker regionWorker,
    java.util.concurrent.atomic.AtomicReference<PdReporter> pdReporter) {

  /** The reporter set on the store ({@link PdReporter#NONE} until the server sets one). */
  public PdReporter pd() {
    return pdReporter.get();
  }

  public long now() {
    return nanoClock.getAsLong();
  }

  public void send(RaftMessage msg) {
    transport.send(msg);
  }
}
