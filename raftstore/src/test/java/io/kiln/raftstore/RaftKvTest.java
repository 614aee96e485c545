package io.kiln.raftstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RegionErrorException;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transaction layer's view of the raftstore: modifications in, region snapshots out. */
class RaftKvTest {

  static Kvrpcpb.Context ctx(MiniCluster c, int store) {
    return Kvrpcpb.Context.newBuilder().setRegionId(1).setPeer(c.stores[store].peer(1).orElseThrow())
        .setRegionEpoch(c.stores[store].region(1).orElseThrow().getRegionEpoch()).build();
  }

  @Test
  void writesAcrossColumnFamiliesAreReadThroughARegionSnapshot() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      var kv = c.stores[leader].raftKv();
      kv.asyncWrite(ctx(c, leader), List.of(
          new Modify.Put(Cf.DEFAULT, "a".getBytes(), "1".getBytes()),
          new Modify.Put(Cf.DEFAULT, "b".getBytes(), "2".getBytes()),
          new Modify.Put(Cf.DEFAULT, "c".getBytes(), "3".getBytes()),
          new Modify.Put(Cf.LOCK, "a".getBytes(), "lock".getBytes()))).get(10, TimeUnit.SECONDS);
      kv.asyncWrite(ctx(c, leader), List.of(new Modify.Delete(Cf.DEFAULT, "b".getBytes()))).get(10, TimeUnit.SECONDS);
      try (RegionSnapshot snap = kv.asyncSnapshot(ctx(c, leader)).get(10, TimeUnit.SECONDS)) {
        assertThat(snap.get(Cf.LOCK, "a".getBytes())).isEqualTo("lock".getBytes());
        List<String> keys = new ArrayList<>();
        try (EngineIterator it = snap.iterator(Cf.DEFAULT, null, null)) {
          for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
            keys.add(new String(it.key()) + "=" + new String(it.value()));
          }
        }
        assertThat(keys).containsExactly("a=1", "c=3");
      }
      kv.asyncWrite(ctx(c, leader), List.of(new Modify.DeleteRange(Cf.DEFAULT, "a".getBytes(), null)))
          .get(10, TimeUnit.SECONDS);
      try (RegionSnapshot snap = kv.asyncSnapshot(ctx(c, leader)).get(10, TimeUnit.SECONDS)) {
        assertThat(snap.get(Cf.DEFAULT, "c".getBytes())).isNull();
      }
    }
  }

  @Test
  void aFollowerRefusesWithARegionError() throws Exception {
    try (MiniCluster c = new MiniCluster(3, MiniCluster.steady())) {
      int leader = c.waitLeader();
      int follower = leader % 3 + 1;
      assertThatThrownBy(() -> c.stores[follower].raftKv().asyncSnapshot(ctx(c, follower)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(RegionErrorException.class)
          .satisfies(e -> assertThat(((RegionErrorException) e).error().hasNotLeader()).isTrue());
    }
  }
}
