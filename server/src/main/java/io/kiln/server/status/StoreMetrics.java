package io.kiln.server.status;

import io.kiln.raftstore.RaftStore;
import io.kiln.storage.Storage;
import io.kiln.storage.sched.SchedulerStats;
import io.kiln.raftstore.peer.WriteStats;
import io.kiln.raftstore.snap.SnapStats;
import io.kiln.server.transport.TransportStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A store's metrics, read from the raftstore's and the transport's own counters on each scrape
 * (nothing in the store records a metric). Names follow TiKV where the metric means the same
 * ({@code tikv_raftstore_region_count}); the rest are {@code kiln_}. See docs/ARCHITECTURE.md,
 * "Configuration and observability", for the list.
 */
public final class StoreMetrics {

  private StoreMetrics() {}

  /**
   * Registers the store's callbacks.
   *
   * @param leaders how many regions this store leads (counted on scrape)
   */
  public static void register(PrometheusRegistry registry, RaftStore store, Supplier<TransportStats> transport,
      LongSupplier leaders) {
    GaugeWithCallback.builder().name("tikv_raftstore_region_count")
        .help("Regions this store holds a peer of (type=region) and leads (type=leader)")
        .labelNames("type")
        .callback(cb -> {
          cb.call(store.regionCount(), "region");
          cb.call(leaders.getAsLong(), "leader");
        }).register(registry);

    WriteStats writes = store.writeStats();
    counter(registry, "kiln_raft_engine_writes_total", "Raft engine write batches (one per poll round with work)",
        writes::writes);
    counter(registry, "kiln_raft_engine_syncs_total", "Raft engine write batches written with an fsync",
        writes::syncs);
    counter(registry, "kiln_raft_engine_write_bytes_total", "Bytes written to the raft engine", writes::bytes);

    CounterWithCallback.builder().name("kiln_snapshots_total")
        .help("Region snapshots generated, received and applied by this store")
        .labelNames("type")
        .callback(cb -> {
          SnapStats s = store.snapManager().stats();
          cb.call(s.generated(), "generated");
          cb.call(s.received(), "received");
          cb.call(s.applied(), "applied");
        }).register(registry);
    CounterWithCallback.builder().name("kiln_snapshot_bytes_total")
        .help("Bytes of region snapshots sent and received")
        .labelNames("direction")
        .callback(cb -> {
          SnapStats s = store.snapManager().stats();
          cb.call(s.sentBytes(), "sent");
          cb.call(s.receivedBytes(), "received");
        }).register(registry);

    counter(registry, "kiln_raft_log_gc_deleted_entries_total", "Raft log entries deleted by log GC",
        () -> store.logGc().deleted());

    CounterWithCallback.builder().name("kiln_transport_raft_messages_total")
        .help("Raft messages handed to a BatchRaft stream (result=sent) or dropped (result=dropped)")
        .labelNames("result")
        .callback(cb -> {
          TransportStats t = transport.get();
          cb.call(t.messagesSent(), "sent");
          cb.call(t.messagesDropped(), "dropped");
        }).register(registry);
    counter(registry, "kiln_transport_raft_batches_total", "BatchRaftMessages sent",
        () -> transport.get().batchesSent());
    counter(registry, "kiln_transport_stream_failures_total", "BatchRaft streams that failed",
        () -> transport.get().streamFailures());
    CounterWithCallback.builder().name("kiln_transport_snapshots_total")
        .help("Snapshots sent to other stores, by result")
        .labelNames("result")
        .callback(cb -> {
          TransportStats t = transport.get();
          cb.call(t.snapshotsSent(), "sent");
          cb.call(t.snapshotsFailed(), "failed");
        }).register(registry);
  }

  /** The transaction scheduler's counters: commands and failures by type, latch waits, flow control. */
  public static void registerScheduler(PrometheusRegistry registry, Storage storage) {
    SchedulerStats stats = storage.stats();
    CounterWithCallback.builder().name("kiln_scheduler_commands_total")
        .help("Transactional write commands the scheduler started, by command (each step of a batched one)")
        .labelNames("type")
        .callback(cb -> stats.commands().forEach((type, n) -> cb.call(n, type))).register(registry);
    CounterWithCallback.builder().name("kiln_scheduler_command_failures_total")
        .help("Transactional write commands that failed (region errors included), by command")
        .labelNames("type")
        .callback(cb -> stats.failures().forEach((type, n) -> cb.call(n, type))).register(registry);
    counter(registry, "kiln_scheduler_latch_waits_total", "Commands that waited for a latch", stats::latchWaits);
    counter(registry, "tikv_scheduler_too_busy_total", "Commands refused with ServerIsBusy by flow control",
        stats::busyRefusals);
    GaugeWithCallback.builder().name("tikv_scheduler_writing_bytes")
        .help("Bytes of transactional writes accepted and not yet answered")
        .callback(cb -> cb.call(storage.scheduler().pendingBytes())).register(registry);
  }

  /** {@code kiln_block_cache_{usage,capacity}_bytes}: the RocksDB block cache the cli opened. */
  public static void registerBlockCache(PrometheusRegistry registry, LongSupplier usage, LongSupplier capacity) {
    gauge(registry, "kiln_block_cache_usage_bytes", "Bytes in the block cache shared by the kv and raft engines",
        usage);
    gauge(registry, "kiln_block_cache_capacity_bytes", "Capacity of the shared block cache", capacity);
  }

  static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
    CounterWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(value.getAsLong())).register(registry);
  }

  static void gauge(PrometheusRegistry registry, String name, String help, LongSupplier value) {
    GaugeWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(value.getAsLong())).register(registry);
  }
}
