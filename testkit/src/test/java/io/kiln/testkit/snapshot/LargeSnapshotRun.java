package io.kiln.testkit.snapshot;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvSnapshot;
import io.kiln.engine.WriteBatch;
import io.kiln.engine.rocks.RocksEngineOptions;
import io.kiln.engine.rocks.RocksKvEngine;
import io.kiln.proto.Eraftpb;
import io.kiln.proto.Metapb;
import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.FailPoints;
import io.kiln.raftstore.Keys;
import io.kiln.raftstore.snap.SnapApplier;
import io.kiln.raftstore.snap.SnapGenerator;
import io.kiln.raftstore.snap.SnapKey;
import io.kiln.raftstore.snap.SnapManager;
import io.kiln.raftstore.snap.SnapReceiver;
import io.kiln.raftstore.snap.SnapSender;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM by {@link LargeSnapshotTest} with a capped heap: fills a RocksDB region with
 * {@code args[1]} MiB of incompressible 1 KiB values, generates its snapshot, streams it in
 * 1 MiB chunks to a second store's folder and installs it there, then checks every key arrived.
 * Prints one line per phase, and the peak heap used, for the test to read.
 */
public final class LargeSnapshotRun {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long mib = Long.parseLong(args[1]);
    long keys = mib * 1024;
    Random rnd = new Random(42);
    byte[] value = new byte[1024];
    long t0 = System.nanoTime();
    try (RocksKvEngine a = RocksKvEngine.open(dir.resolve("a"), Cf.ALL, RocksEngineOptions.small());
         RocksKvEngine b = RocksKvEngine.open(dir.resolve("b"), Cf.ALL, RocksEngineOptions.small())) {
      try (WriteBatch wb = a.newWriteBatch()) {
        for (long i = 0; i < keys; i++) {
          rnd.nextBytes(value);
          wb.put(Cf.DEFAULT, Keys.dataKey(key(i)), value);
          if (wb.count() == 1000) {
            a.write(wb, false);
            wb.clear();
          }
        }
        a.write(wb, false);
      }
      System.out.printf("filled %d MiB in %.1f s%n", mib, (System.nanoTime() - t0) / 1e9);

      Metapb.Region region = Metapb.Region.newBuilder().setId(7)
          .setRegionEpoch(Metapb.RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
          .addPeers(Metapb.Peer.newBuilder().setId(71).setStoreId(1))
          .addPeers(Metapb.Peer.newBuilder().setId(72).setStoreId(2)).build();
      SnapManager ma = new SnapManager(dir.resolve("snap-a"));
      SnapManager mb = new SnapManager(dir.resolve("snap-b"));
      long t1 = System.nanoTime();
      Eraftpb.Snapshot snap;
      try (KvSnapshot view = a.snapshot()) {
        snap = SnapGenerator.generate(a, view, ma, region, 1000, 6);
      }
      System.out.printf("generated in %.1f s%n", (System.nanoTime() - t1) / 1e9);

      long t2 = System.nanoTime();
      RaftMessage msg = RaftMessage.newBuilder().setRegionId(7).setFromPeer(region.getPeers(0))
          .setToPeer(region.getPeers(1)).setMessage(Eraftpb.Message.newBuilder()
              .setMsgType(Eraftpb.MessageType.MsgSnapshot).setSnapshot(snap)).build();
      try (SnapSender s = new SnapSender(ma, msg, 1024 * 1024); SnapReceiver r = new SnapReceiver(mb, Long.MAX_VALUE)) {
        while (s.hasNext()) {
          r.accept(s.next());
        }
        r.finish();
      }
      System.out.printf("streamed %d bytes in %.1f s%n", mb.stats().receivedBytes(), (System.nanoTime() - t2) / 1e9);

      long t3 = System.nanoTime();
      SnapApplier.apply(b, mb, SnapKey.of(7, snap), new FailPoints());
      System.out.printf("installed in %.1f s%n", (System.nanoTime() - t3) / 1e9);

      long count = 0;
      try (EngineIterator it = b.iterator(Cf.DEFAULT, Keys.DATA_MIN_KEY, Keys.DATA_MAX_KEY)) {
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          count++;
        }
      }
      byte[] last = b.get(Cf.DEFAULT, Keys.dataKey(key(keys - 1)));
      byte[] lastA = a.get(Cf.DEFAULT, Keys.dataKey(key(keys - 1)));
      System.out.printf("keys %d of %d, last value equal %s%n", count, keys,
          last != null && ByteString.copyFrom(last).equals(ByteString.copyFrom(lastA)));
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf("peak heap %d MiB, max heap %d MiB%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }

  static byte[] key(long i) {
    return ByteBuffer.allocate(12).put("key-".getBytes()).putLong(i).array();
  }
}
