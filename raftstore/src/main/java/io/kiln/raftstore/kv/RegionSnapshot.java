package io.kiln.raftstore.kv;

import io.kiln.engine.EngineIterator;
import io.kiln.engine.KvSnapshot;
import io.kiln.proto.Metapb.Region;
import io.kiln.raftstore.Keys;
import java.util.Arrays;

/**
 * A consistent read view of one region in user keys: gets and scans are confined to the region's
 * range, translated to the engine's data keys underneath. Close it when done.
 */
public final class RegionSnapshot implements AutoCloseable {

  private final KvSnapshot snapshot;
  private final Region region;
  private final long term;

  /**
   * @param term the leader's term when the snapshot was taken (0 when unknown); a write built from
   *     this snapshot carries it, so the raftstore refuses it with StaleCommand if leadership moved
   *     in between (TiKV's scheduler does the same)
   */
  public RegionSnapshot(KvSnapshot snapshot, Region region, long term) {
    this.snapshot = snapshot;
    this.region = region;
    this.term = term;
  }

  public RegionSnapshot(KvSnapshot snapshot, Region region) {
    this(snapshot, region, 0);
  }

  public Region region() {
    return region;
  }

  /** The leader's term when this snapshot was taken, or 0 when unknown. */
  public long term() {
    return term;
  }

  /** The value of user key {@code key} in {@code cf}, or null. */
  public byte[] get(String cf, byte[] key) {
    checkInRegion(key);
    return snapshot.get(cf, Keys.dataKey(key));
  }

  /**
   * An iterator over {@code [lower, upper)} in user keys, clipped to the region (null bounds: the
   * region's). Its keys are user keys.
   */
  public EngineIterator iterator(String cf, byte[] lower, byte[] upper) {
    byte[] lo = Keys.dataKey(region.getStartKey());
    if (lower != null) {
      byte[] l = Keys.dataKey(lower);
      lo = Arrays.compareUnsigned(l, lo) > 0 ? l : lo;
    }
    byte[] hi = Keys.dataEndKey(region.getEndKey());
    if (upper != null) {
      byte[] u = Keys.dataKey(upper);
      hi = Arrays.compareUnsigned(u, hi) < 0 ? u : hi;
    }
    return new UserKeyIterator(snapshot.iterator(cf, lo, hi));
  }

  @Override
  public void close() {
    snapshot.close();
  }

  private void checkInRegion(byte[] key) {
    if (!Keys.inRegion(key, region)) {
      throw new RegionErrorException(io.kiln.raftstore.RegionErrors.keyNotInRegion(key, region));
    }
  }

  /** Strips the data prefix from keys and adds it to seeks. */
  private record UserKeyIterator(EngineIterator inner) implements EngineIterator {
    @Override public boolean seek(byte[] key) { return inner.seek(Keys.dataKey(key)); }
    @Override public boolean seekForPrev(byte[] key) { return inner.seekForPrev(Keys.dataKey(key)); }
    @Override public boolean seekToFirst() { return inner.seekToFirst(); }
    @Override public boolean seekToLast() { return inner.seekToLast(); }
    @Override public boolean next() { return inner.next(); }
    @Override public boolean prev() { return inner.prev(); }
    @Override public boolean valid() { return inner.valid(); }
    @Override public byte[] key() { return Keys.originKey(inner.key()); }
    @Override public byte[] value() { return inner.value(); }
    @Override public void close() { inner.close(); }
  }
}
