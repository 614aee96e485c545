package io.kiln.pd.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kiln.pd.clock.PdClock;
import io.kiln.pd.storage.MetaEntry;
import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.proto.Metapb;
import io.kiln.proto.Pdpb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores of the cluster: metadata persisted under {@link MetaKeys#STORE_PREFIX}, heartbeat
 * statistics in memory. Reads are lock-free; changes are serialized and persisted before they
 * become visible.
 */
public final class StoreRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRegistry.class);

  private final MetaStorage storage;
  private final PdClock clock;
  private final Map<Long, StoreInfo> stores = new ConcurrentHashMap<>();

  public StoreRegistry(MetaStorage storage, PdClock clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Replaces what is in memory with the persisted stores (heartbeat statistics start empty). */
  public synchronized void load() {
    stores.clear();
    for (MetaEntry entry : storage.scan(MetaKeys.STORE_PREFIX)) {
      Metapb.Store meta = parse(entry.value());
      stores.put(meta.getId(), new StoreInfo(meta, Pdpb.StoreStats.getDefaultInstance(), 0));
    }
  }

  /** The store, or null. */
  public StoreInfo get(long storeId) {
    return stores.get(storeId);
  }

  /** Every store (tombstones too), by id. */
  public List<StoreInfo> all() {
    List<StoreInfo> all = new ArrayList<>(stores.values());
    all.sort(Comparator.comparingLong(StoreInfo::id));
    return all;
  }

  /**
   * Registers a store or updates one (PutStore). An existing store keeps its state; address,
   * labels, version and the other self-reported fields are taken from {@code store}.
   *
   * @throws PdException STORE_TOMBSTONE for a tombstone store; UNKNOWN for id 0 or an address
   *     another live store already has
   */
  public synchronized void put(Metapb.Store store) {
    if (store.getId() == 0) {
      throw PdException.unknown("invalid put store: store id is 0");
    }
    StoreInfo existing = stores.get(store.getId());
    if (existing != null && existing.isTombstone()) {
      throw new PdException(Pdpb.ErrorType.STORE_TOMBSTONE, "store " + store.getId() + " is tombstone");
    }
    for (StoreInfo other : stores.values()) {
      if (other.id() != store.getId() && !other.isTombstone()
          && other.meta().getAddress().equals(store.getAddress())) {
        throw PdException.unknown("duplicated store address: " + store.getAddress()
            + ", already registered by store " + other.id());
      }
    }
    Metapb.Store meta = store.toBuilder().clearLastHeartbeat().build();
    if (existing != null) {
      meta = meta.toBuilder()
          .setState(existing.meta().getState())
          .setNodeState(existing.meta().getNodeState())
          .setPhysicallyDestroyed(existing.meta().getPhysicallyDestroyed())
          .build();
    }
    storage.put(MetaKeys.store(meta.getId()), meta.toByteArray());
    stores.put(meta.getId(), existing == null
        ? new StoreInfo(meta, Pdpb.StoreStats.getDefaultInstance(), 0)
        : existing.withMeta(meta));
    LOG.info("put store {} at {} (version {})", meta.getId(), meta.getAddress(), meta.getVersion());
  }

  /**
   * Records a store heartbeat.
   *
   * @throws PdException UNKNOWN for an unknown store, STORE_TOMBSTONE for a tombstone
   */
  public synchronized void heartbeat(Pdpb.StoreStats stats) {
    StoreInfo store = stores.get(stats.getStoreId());
    if (store == null) {
      throw PdException.unknown("store " + stats.getStoreId() + " not found");
    }
    if (store.isTombstone()) {
      throw new PdException(Pdpb.ErrorType.STORE_TOMBSTONE, "store " + stats.getStoreId() + " is tombstone");
    }
    stores.put(store.id(), store.withHeartbeat(stats, clock.nowMillis()));
  }

  /**
   * Sets a store's state, as PD's administrative API does (take a store offline, bury it).
   * Tombstone is final.
   *
   * @throws PdException UNKNOWN for an unknown store, STORE_TOMBSTONE to revive a tombstone
   */
  public synchronized void setState(long storeId, Metapb.StoreState state) {
    StoreInfo store = stores.get(storeId);
    if (store == null) {
      throw PdException.unknown("store " + storeId + " not found");
    }
    if (store.isTombstone() && state != Metapb.StoreState.Tombstone) {
      throw new PdException(Pdpb.ErrorType.STORE_TOMBSTONE, "store " + storeId + " is tombstone");
    }
    Metapb.NodeState nodeState = switch (state) {
      case Up -> Metapb.NodeState.Serving;
      case Offline -> Metapb.NodeState.Removing;
      case Tombstone -> Metapb.NodeState.Removed;
      default -> throw new IllegalArgumentException("unknown store state " + state);
    };
    Metapb.Store meta = store.meta().toBuilder().setState(state).setNodeState(nodeState).build();
    storage.put(MetaKeys.store(storeId), meta.toByteArray());
    stores.put(storeId, store.withMeta(meta));
    LOG.info("store {} is now {}", storeId, state);
  }

  /** Adds stores written by someone else (bootstrap) without writing them again. */
  void adopt(Metapb.Store meta) {
    stores.put(meta.getId(), new StoreInfo(meta, Pdpb.StoreStats.getDefaultInstance(), 0));
  }

  private static Metapb.Store parse(byte[] bytes) {
    try {
      return Metapb.Store.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupted store metadata in PD storage", e);
    }
  }
}
