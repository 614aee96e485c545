package io.kiln.testkit.client;

import com.google.protobuf.ByteString;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Metapb.Peer;
import io.kiln.proto.Metapb.Region;
import io.kiln.proto.RaftCmdpb.RaftCmdRequest;
import io.kiln.raftstore.CmdResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one command to the region holding a key until an attempt succeeds or the deadline passes
 * (the role of TiKV's client-side {@code RegionRequestSender}). An attempt goes to the region's
 * last known leader, or to a NotLeader hint, or else to the next store in turn; region errors
 * update the {@link RegionCache}; failed attempts back off. Only an unanswered attempt can leave a
 * write's outcome unknown: every region error means the command was not applied.
 */
final class RegionRequestSender {

  private static final Logger LOG = LoggerFactory.getLogger(RegionRequestSender.class);

  /** A successful answer and the region (as the client addressed it) that gave it. */
  record Answer(CmdResult result, Region region) {}

  private final StoreDirectory stores;
  private final RegionCache cache;
  private final ClientOptions options;
  private final Random random;
  private final AtomicInteger rotation;

  RegionRequestSender(StoreDirectory stores, RegionCache cache, ClientOptions options, Random random) {
    this.stores = stores;
    this.cache = cache;
    this.options = options;
    this.random = random;
    this.rotation = new AtomicInteger(random.nextInt(1 << 16));
  }

  /**
   * Runs the command {@code body(region)} (everything but the header, which this fills in)
   * against the region holding {@code key}.
   *
   * @param what the operation, for error messages ({@code "put k1"})
   * @param write true if the command changes data (a lost answer then makes its outcome unknown)
   * @throws ClientDeadlineException when no attempt succeeded in time
   * @throws ClientRegionErrorException on an error that no retry fixes
   */
  Answer send(String what, ByteString key, boolean write, Function<Region, RaftCmdRequest.Builder> body) {
    long startNanos = System.nanoTime();
    long deadline = startNanos + options.deadline().toNanos();
    Backoff backoff = new Backoff(options.backoffBase(), options.backoffMax(), random);
    int attempts = 0;
    boolean mayHaveApplied = false;
    boolean followingHint = false;
    String last = "no attempt was made";
    while (System.nanoTime() < deadline) {
      Region region = cache.locate(key);
      if (region == null) {
        refreshAll();
        last = "no known region holds the key";
        backoff.pause(deadline);
        continue;
      }
      long storeId = pickStore(region);
      if (storeId < 0) {
        refresh(region.getId());
        last = "no store this client may use holds a peer of region " + region.getId();
        backoff.pause(deadline);
        continue;
      }
      Peer peer = CmdRequests.peerOn(region, storeId);
      RaftCmdRequest request = body.apply(region).setHeader(CmdRequests.header(region, peer)).build();
      attempts++;
      CompletableFuture<CmdResult> answer = new CompletableFuture<>();
      boolean handed;
      try {
        handed = stores.propose(storeId, request, r -> {
          if (!answer.complete(r)) {
            release(r);
          }
        });
      } catch (RuntimeException e) {
        handed = false;
        LOG.debug("store {} threw on propose: {}", storeId, e.toString());
      }
      if (!handed) {
        last = "store " + storeId + " is not running";
        cache.forgetLeader(region.getId(), storeId);
        rotate();
        backoff.pause(deadline);
        continue;
      }
      long wait = Math.min(options.attemptTimeout().toNanos(), Math.max(1, deadline - System.nanoTime()));
      CmdResult result = await(answer, wait);
      if (result == null) {
        mayHaveApplied |= write;
        last = "no answer from store " + storeId + " within " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms";
        cache.forgetLeader(region.getId(), storeId);
        followingHint = false;
        rotate();
        continue;
      }
      if (result.ok()) {
        cache.leader(region.getId(), storeId);
        return new Answer(result, region);
      }
      release(result);
      Errorpb.Error err = result.response().getHeader().getError();
      last = "store " + storeId + " answered: " + err.getMessage();
      if (err.hasRaftEntryTooLarge()) {
        throw new ClientRegionErrorException(what, err);
      }
      boolean hinted = onRegionError(region, storeId, err);
      if (hinted && !followingHint) {
        followingHint = true;
        continue;
      }
      followingHint = false;
      backoff.pause(deadline);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    throw new ClientDeadlineException(what + " gave up after " + ms + " ms and " + attempts
        + " attempts" + (options.stores().isEmpty() ? "" : " (stores " + options.stores() + " only)")
        + "; last: " + last, mayHaveApplied);
  }

  /** Acts on a region error; returns true if it named a leader worth trying at once. */
  private boolean onRegionError(Region region, long storeId, Errorpb.Error err) {
    long regionId = region.getId();
    if (err.hasNotLeader()) {
      cache.forgetLeader(regionId, storeId);
      if (err.getNotLeader().hasLeader()) {
        long leader = err.getNotLeader().getLeader().getStoreId();
        if (leader != storeId && options.mayUse(leader)) {
          cache.leader(regionId, leader);
          return true;
        }
      }
      rotate();
    } else if (err.hasEpochNotMatch()) {
      List<Region> current = err.getEpochNotMatch().getCurrentRegionsList();
      if (current.isEmpty()) {
        refresh(regionId);
      } else {
        current.forEach(cache::update);
      }
    } else if (err.hasKeyNotInRegion()) {
      refresh(regionId);
    } else if (err.hasRegionNotFound() || err.hasStoreNotMatch()) {
      cache.forgetLeader(regionId, storeId);
      rotate();
    } else if (err.hasStaleCommand()) {
      cache.forgetLeader(regionId, storeId);
    } else if (!err.hasServerIsBusy()) {
      rotate();
    }
    return false;
  }

  /** The store to try for {@code region}: its known leader, else the next usable store in turn; -1 if none. */
  private long pickStore(Region region) {
    OptionalLong leader = cache.leader(region.getId());
    if (leader.isPresent() && options.mayUse(leader.getAsLong())
        && CmdRequests.peerOn(region, leader.getAsLong()) != null) {
      return leader.getAsLong();
    }
    List<Long> candidates = new ArrayList<>();
    for (long s : stores.storeIds()) {
      if (options.mayUse(s) && CmdRequests.peerOn(region, s) != null) {
        candidates.add(s);
      }
    }
    if (candidates.isEmpty()) {
      return -1;
    }
    return candidates.get(Math.floorMod(rotation.get(), candidates.size()));
  }

  private void rotate() {
    rotation.incrementAndGet();
  }

  /** Asks the stores the client may use for region {@code regionId} and keeps the newest answer. */
  private void refresh(long regionId) {
    Region newest = null;
    for (long s : stores.storeIds()) {
      if (!options.mayUse(s)) {
        continue;
      }
      Optional<Region> r = stores.region(s, regionId);
      if (r.isPresent() && (newest == null || RegionCache.isOlder(newest.getRegionEpoch(), r.get().getRegionEpoch()))) {
        newest = r.get();
      }
    }
    if (newest != null) {
      cache.update(newest);
    }
  }

  private void refreshAll() {
    for (Region r : cache.all()) {
      refresh(r.getId());
    }
  }

  /** The callback's result, or null when none came within {@code nanos} (a late one is then released). */
  private static CmdResult await(CompletableFuture<CmdResult> answer, long nanos) {
    try {
      return answer.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return answer.completeExceptionally(e) ? null : answer.join();
    } catch (InterruptedException e) {
      answer.completeExceptionally(e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a raft command", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a raft command's callback failed", e.getCause());
    }
  }

  /** Closes the engine snapshot of a result nobody will read. */
  private static void release(CmdResult r) {
    if (r.snapshot() != null) {
      r.snapshot().close();
    }
  }
}
