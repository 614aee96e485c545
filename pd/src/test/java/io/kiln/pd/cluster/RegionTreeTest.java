package io.kiln.pd.cluster;

import static io.kiln.pd.cluster.TestRegions.key;
import static io.kiln.pd.cluster.TestRegions.region;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegionTreeTest {

  private final RegionTree tree = new RegionTree();

  private void put(long id, String start, String end) {
    tree.put(RegionInfo.of(region(id, start, end, 1, 1)));
  }

  private static List<Long> ids(List<RegionInfo> regions) {
    return regions.stream().map(RegionInfo::id).toList();
  }

  @Test
  void findsTheRegionContainingAKey() {
    put(1, "", "b");
    put(2, "b", "d");
    put(3, "f", "");

    assertThat(tree.find(key("")).id()).isEqualTo(1);
    assertThat(tree.find(key("a")).id()).isEqualTo(1);
    assertThat(tree.find(key("b")).id()).isEqualTo(2);
    assertThat(tree.find(key("c")).id()).isEqualTo(2);
    assertThat(tree.find(key("d"))).as("gap [d, f)").isNull();
    assertThat(tree.find(key("e"))).isNull();
    assertThat(tree.find(key("f")).id()).isEqualTo(3);
    assertThat(tree.find(key("zzzz")).id()).isEqualTo(3);
  }

  @Test
  void keysCompareAsUnsignedBytes() {
    put(1, "", "\u007f");
    tree.put(RegionInfo.of(region(2, "\u007f", "", 1, 1)));

    ByteString high = ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01});
    assertThat(tree.find(high).id()).isEqualTo(2);
  }

  @Test
  void prevIsTheRegionBeforeTheOneContainingTheKey() {
    put(1, "", "b");
    put(2, "b", "d");
    put(3, "f", "");

    assertThat(tree.prev(key("c")).id()).isEqualTo(1);
    assertThat(tree.prev(key("b")).id()).isEqualTo(1);
    assertThat(tree.prev(key("g")).id()).isEqualTo(2);
    assertThat(tree.prev(key("a"))).as("first region").isNull();
    assertThat(tree.prev(key("e"))).as("no region contains the key").isNull();
  }

  @Test
  void scanStartsAtTheRegionContainingTheStartAndHonoursEndAndLimit() {
    put(1, "", "b");
    put(2, "b", "d");
    put(3, "d", "f");
    put(4, "f", "");

    assertThat(ids(tree.scan(key("c"), ByteString.EMPTY, 0))).containsExactly(2L, 3L, 4L);
    assertThat(ids(tree.scan(key("c"), ByteString.EMPTY, 2))).containsExactly(2L, 3L);
    assertThat(ids(tree.scan(key(""), key("d"), 0))).containsExactly(1L, 2L);
    assertThat(ids(tree.scan(key(""), key("d1"), 0))).containsExactly(1L, 2L, 3L);
    assertThat(ids(tree.scan(key("a"), key("b"), -1))).containsExactly(1L);
  }

  @Test
  void aPutDropsTheRegionsItOverlaps() {
    put(1, "", "b");
    put(2, "b", "d");
    put(3, "d", "");

    List<RegionInfo> dropped = tree.put(RegionInfo.of(region(9, "a", "c", 1, 2)));

    assertThat(ids(dropped)).containsExactly(1L, 2L);
    assertThat(ids(tree.scan(ByteString.EMPTY, ByteString.EMPTY, 0))).containsExactly(9L, 3L);
    assertThat(tree.find(key("0"))).isNull();
  }

  @Test
  void randomPutsAgreeWithABruteForceModel() {
    long seed = System.nanoTime();
    System.out.println("RegionTreeTest.randomPuts seed=" + seed);
    Random random = new Random(seed);
    List<RegionInfo> model = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      String a = randomKey(random);
      String b = randomKey(random);
      String start = a.compareTo(b) <= 0 ? a : b;
      String end = a.compareTo(b) <= 0 ? b : a;
      if (random.nextInt(10) == 0) {
        end = "";
      }
      if (!end.isEmpty() && start.equals(end)) {
        continue;
      }
      RegionInfo region = RegionInfo.of(region(i, start, end, 1, 1));
      model.removeIf(r -> overlaps(r, region));
      model.add(region);
      tree.put(region);

      String probe = randomKey(random);
      RegionInfo expected = model.stream().filter(r -> contains(r, probe)).findFirst().orElse(null);
      RegionInfo actual = tree.find(key(probe));
      assertThat(actual == null ? null : actual.id()).as("seed %d, key %s", seed, probe)
          .isEqualTo(expected == null ? null : expected.id());
    }
    assertThat(tree.size()).as("seed %d", seed).isEqualTo(model.size());
  }

  private static String randomKey(Random random) {
    int length = 1 + random.nextInt(3);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < length; i++) {
      key.append((char) ('a' + random.nextInt(6)));
    }
    return key.toString();
  }

  private static boolean contains(RegionInfo r, String key) {
    String start = r.meta().getStartKey().toStringUtf8();
    String end = r.meta().getEndKey().toStringUtf8();
    return start.compareTo(key) <= 0 && (end.isEmpty() || key.compareTo(end) < 0);
  }

  private static boolean overlaps(RegionInfo r, RegionInfo other) {
    String s1 = r.meta().getStartKey().toStringUtf8();
    String e1 = r.meta().getEndKey().toStringUtf8();
    String s2 = other.meta().getStartKey().toStringUtf8();
    String e2 = other.meta().getEndKey().toStringUtf8();
    return (e1.isEmpty() || s2.compareTo(e1) < 0) && (e2.isEmpty() || s1.compareTo(e2) < 0);
  }
}
