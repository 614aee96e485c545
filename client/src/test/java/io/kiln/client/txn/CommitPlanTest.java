package io.kiln.client.txn;

import static io.kiln.client.pd.FakePdClient.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.codec.MemComparableBytes;
import io.kiln.client.pd.FakePdClient;
import io.kiln.client.region.KeyMode;
import io.kiln.client.region.RegionCache;
import io.kiln.client.rpc.RegionRequestSender;
import io.kiln.client.rpc.StoreChannels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitPlanTest {

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> strings(List<byte[]> keys) {
    return keys.stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void thePrimaryIsTheSmallestKeyAndItsRegionGoesFirst() {
    FakePdClient pd = new FakePdClient();
    byte[] g = MemComparableBytes.encode(b("g"));
    byte[] p = MemComparableBytes.encode(b("p"));
    pd.setRegions(List.of(region(1, new byte[0], g, 1, 1, 1, 2, 3), region(2, g, p, 1, 2, 1, 2, 3),
        region(3, p, new byte[0], 1, 3, 1, 2, 3)));
    try (StoreChannels channels = new StoreChannels(1_000)) {
      RegionRequestSender sender = new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels);
      CommitPlan plan = CommitPlan.of(sender, List.of(b("z"), b("h"), b("c"), b("a"), b("q"), b("i")), 2);
      assertThat(new String(plan.primary(), StandardCharsets.UTF_8)).isEqualTo("a");
      assertThat(strings(plan.primaryBatch())).containsExactly("a", "c");
      assertThat(strings(plan.others())).containsExactly("h", "i", "q", "z");
      assertThat(strings(plan.secondaries())).containsExactly("c", "h", "i", "q", "z");
    }
  }

  @Test
  void batchesAreCutAtMaxBatch() {
    FakePdClient pd = new FakePdClient();
    pd.setRegions(List.of(region(1, new byte[0], new byte[0], 1, 1, 1, 2, 3)));
    try (StoreChannels channels = new StoreChannels(1_000)) {
      RegionRequestSender sender = new RegionRequestSender(new RegionCache(pd, KeyMode.TXN), channels);
      CommitPlan plan = CommitPlan.of(sender, List.of(b("d"), b("c"), b("b"), b("a")), 3);
      assertThat(strings(plan.primaryBatch())).containsExactly("a", "b", "c");
      assertThat(strings(plan.others())).containsExactly("d");
    }
  }
}
