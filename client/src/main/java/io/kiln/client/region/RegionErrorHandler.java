package io.kiln.client.region;

import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.error.ServerErrorException;
import io.kiln.proto.Errorpb;

/**
 * What a region error means for the cache and the retry, following client-go's
 * {@code onRegionError}:
 * <ul>
 *   <li>NotLeader naming a new leader: switch to it and retry at once; without a leader (an
 *       election is under way): drop the region and back off.</li>
 *   <li>EpochNotMatch: the region split or merged; replace it by the {@code current_regions} the
 *       store sent and retry at once (the caller regroups its keys), or reload from PD when there
 *       are none.</li>
 *   <li>RegionNotFound, KeyNotInRegion, StoreNotMatch, StaleCommand and anything unknown: drop the
 *       region (StoreNotMatch: the store's address too) and back off briefly.</li>
 *   <li>ServerIsBusy and the "not ready yet" errors: back off, keep the cache.</li>
 *   <li>RaftEntryTooLarge: not retryable, thrown.</li>
 * </ul>
 */
public final class RegionErrorHandler {

  private final RegionCache cache;

  public RegionErrorHandler(RegionCache cache) {
    this.cache = cache;
  }

  /**
   * Updates the cache for {@code error}, met when sending to {@code region}'s leader on
   * {@code storeId}, and backs off when the error calls for it.
   *
   * @throws io.kiln.client.error.BackoffExhaustedException when the backoff ran out
   * @throws ServerErrorException when retrying cannot help
   */
  public void handle(Backoffer backoffer, CachedRegion region, long storeId, Errorpb.Error error) {
    String what = region + ": " + describe(error);
    if (error.hasNotLeader()) {
      Errorpb.NotLeader nl = error.getNotLeader();
      boolean named = nl.hasLeader() && nl.getLeader().getId() != 0;
      if (named && (region.leader() == null || nl.getLeader().getStoreId() != region.leader().getStoreId())) {
        if (cache.switchLeader(region, nl.getLeader()) != null) {
          return;
        }
        backoffer.backoff(BackoffKind.REGION_MISS, what, null);
        return;
      }
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.NO_LEADER, what, null);
    } else if (error.hasEpochNotMatch()) {
      if (error.getEpochNotMatch().getCurrentRegionsCount() > 0) {
        cache.replaceStale(region, error.getEpochNotMatch().getCurrentRegionsList(), storeId);
        return;
      }
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.REGION_MISS, what, null);
    } else if (error.hasServerIsBusy() || error.hasMaxTimestampNotSynced() || error.hasReadIndexNotReady()
        || error.hasProposalInMergingMode() || error.hasDataIsNotReady() || error.hasRecoveryInProgress()
        || error.hasDiskFull()) {
      backoffer.backoff(BackoffKind.SERVER_BUSY, what, null);
    } else if (error.hasRaftEntryTooLarge()) {
      throw new ServerErrorException(what);
    } else if (error.hasStoreNotMatch()) {
      cache.invalidateStore(storeId);
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.REGION_MISS, what, null);
    } else {
      // RegionNotFound, KeyNotInRegion, StaleCommand, RegionNotInitialized, anything unknown
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.REGION_MISS, what, null);
    }
  }

  static String describe(Errorpb.Error e) {
    String kind;
    if (e.hasNotLeader()) {
      kind = "NotLeader" + (e.getNotLeader().hasLeader() ? " (leader on store " + e.getNotLeader().getLeader().getStoreId() + ")" : "");
    } else if (e.hasEpochNotMatch()) {
      kind = "EpochNotMatch";
    } else if (e.hasRegionNotFound()) {
      kind = "RegionNotFound";
    } else if (e.hasKeyNotInRegion()) {
      kind = "KeyNotInRegion";
    } else if (e.hasServerIsBusy()) {
      kind = "ServerIsBusy";
    } else if (e.hasStoreNotMatch()) {
      kind = "StoreNotMatch";
    } else if (e.hasStaleCommand()) {
      kind = "StaleCommand";
    } else if (e.hasRaftEntryTooLarge()) {
      kind = "RaftEntryTooLarge";
    } else {
      kind = "region error";
    }
    return e.getMessage().isEmpty() ? kind : kind + ": " + e.getMessage();
  }
}
