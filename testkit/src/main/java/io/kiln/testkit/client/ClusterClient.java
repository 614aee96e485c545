package io.kiln.testkit.client;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.engine.EngineIterator;
import io.kiln.proto.Eraftpb.ConfChangeType;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdResponse;
import io.kiln.proto.RaftCmdpb.Response;
import io.kiln.raftstore.kv.RegionSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A blocking raw-KV client for an in-process cluster, talking raft commands straight to the
 * stores: {@code put}, {@code get} and {@code delete} of single keys, {@code deleteRange}, and
 * {@code scan} through a {@code Snap} command and a {@link RegionSnapshot}, and the admin {@code
 * changePeer}. Each operation retries
 * on region errors and unanswered attempts (see {@link RegionRequestSender}) until {@link
 * ClientOptions#deadline()}, then throws {@link ClientDeadlineException}. Thread-safe: clients
 * made by {@link #withOptions} share what they learned about regions and leaders.
 */
public final class ClusterClient {

  private final StoreDirectory stores;
  private final RegionCache cache;
  private final ClientOptions options;
  private final Random random;
  private final RegionRequestSender sender;

  /**
   * @param stores the cluster's stores
   * @param firstRegion a region to start from (the cluster's bootstrap region)
   * @param random seeds the client's store rotation and backoff jitter
   */
  public ClusterClient(StoreDirectory stores, Region firstRegion, ClientOptions options, Random random) {
    this(stores, new RegionCache(firstRegion), options, random);
  }

  private ClusterClient(StoreDirectory stores, RegionCache cache, ClientOptions options, Random random) {
    this.stores = stores;
    this.cache = cache;
    this.options = options;
    this.random = random;
    this.sender = new RegionRequestSender(stores, cache, options, random);
  }

  /** A client with other options that shares this one's region and leader knowledge. */
  public ClusterClient withOptions(ClientOptions other) {
    return new ClusterClient(stores, cache, other, new Random(random.nextLong()));
  }

  public ClientOptions options() {
    return options;
  }

  public void put(byte[] key, byte[] value) {
    ByteString k = ByteString.copyFrom(key);
    ByteString v = ByteString.copyFrom(value);
    sender.send("put " + show(k), k, true, region -> CmdRequests.body(CmdRequests.put(k, v)));
  }

  public void delete(byte[] key) {
    ByteString k = ByteString.copyFrom(key);
    sender.send("delete " + show(k), k, true, region -> CmdRequests.body(CmdRequests.delete(k)));
  }

  /** Deletes {@code [start, end)}; the range must lie in one region. */
  public void deleteRange(byte[] start, byte[] end) {
    ByteString s = ByteString.copyFrom(start);
    ByteString e = ByteString.copyFrom(end);
    sender.send("delete range " + show(s) + ".." + show(e), s, true,
        region -> CmdRequests.body(CmdRequests.deleteRange(s, e)));
  }

  /** The value of {@code key} (a linearizable read through the raft group), or null if absent. */
  public byte[] get(byte[] key) {
    ByteString k = ByteString.copyFrom(key);
    RaftCmdResponse resp = sender.send("get " + show(k), k, false, region -> CmdRequests.body(CmdRequests.get(k)))
        .result().response();
    if (resp.getResponsesCount() != 1) {
      throw new IllegalStateException("get " + show(k) + ": expected one response, got " + resp);
    }
    ByteString v = resp.getResponses(0).getGet().getValue();
    return v.isEmpty() ? null : v.toByteArray();
  }

  /**
   * Up to {@code limit} pairs of {@code [start, end)} in key order (an empty {@code end}: to the
   * last key), read region by region, each from one snapshot.
   */
  public List<KvPair> scan(byte[] start, byte[] end, int limit) {
    List<KvPair> out = new ArrayList<>();
    ByteString cursor = ByteString.copyFrom(start);
    ByteString stop = ByteString.copyFrom(end);
    while (out.size() < limit) {
      ByteString from = cursor;
      RegionRequestSender.Answer a = sender.send("scan from " + show(from), from, false,
          region -> CmdRequests.body(CmdRequests.snap()));
      Region region = regionOf(a);
      if (a.result().snapshot() == null) {
        throw new IllegalStateException("a Snap command succeeded without a snapshot: " + a.result().response());
      }
      try (RegionSnapshot snap = new RegionSnapshot(a.result().snapshot(), region);
          EngineIterator it = snap.iterator(Cf.DEFAULT, from.toByteArray(), stop.isEmpty() ? null : stop.toByteArray())) {
        for (boolean ok = it.seekToFirst(); ok && out.size() < limit; ok = it.next()) {
          out.add(new KvPair(it.key(), it.value()));
        }
      }
      ByteString regionEnd = region.getEndKey();
      if (regionEnd.isEmpty()
          || (!stop.isEmpty() && ByteString.unsignedLexicographicalComparator().compare(stop, regionEnd) <= 0)) {
        break;
      }
      cursor = regionEnd;
    }
    return out;
  }

  /**
   * Adds or removes {@code peer} in the region holding {@code keyInRegion} (an admin ChangePeer,
   * sent to the leader); returns the region as the response describes it, if it does.
   */
  public Region changePeer(byte[] keyInRegion, ConfChangeType type, Peer peer) {
    ByteString k = ByteString.copyFrom(keyInRegion);
    RegionRequestSender.Answer a = sender.send(type + " peer " + peer.getId() + " on store " + peer.getStoreId(),
        k, true, region -> CmdRequests.changePeer(type, peer));
    RaftCmdResponse resp = a.result().response();
    if (resp.hasAdminResponse() && resp.getAdminResponse().hasChangePeer()) {
      Region updated = resp.getAdminResponse().getChangePeer().getRegion();
      cache.update(updated);
      return updated;
    }
    return a.region();
  }

  public void put(String key, String value) {
    put(utf8(key), utf8(value));
  }

  public void delete(String key) {
    delete(utf8(key));
  }

  /** The value of {@code key} as UTF-8 text, or null if absent. */
  public String get(String key) {
    byte[] v = get(utf8(key));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** The region a Snap answer describes: the one in the response if the store named it. */
  private static Region regionOf(RegionRequestSender.Answer a) {
    RaftCmdResponse resp = a.result().response();
    if (resp.getResponsesCount() == 1) {
      Response r = resp.getResponses(0);
      if (r.hasSnap() && r.getSnap().hasRegion()) {
        return r.getSnap().getRegion();
      }
    }
    return a.region();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String show(ByteString k) {
    String s = k.toStringUtf8();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
