package io.kiln.client.rpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kiln.client.backoff.BackoffKind;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.codec.Keys;
import io.kiln.client.error.ServerErrorException;
import io.kiln.client.region.CachedRegion;
import io.kiln.client.region.RegionCache;
import io.kiln.client.region.RegionErrorHandler;
import io.kiln.proto.Errorpb;

/**
 * Sends requests to region leaders: resolves the leader's store address through the
 * {@link RegionCache}, calls, and turns region errors and unreachable stores into cache updates
 * and backoffs. {@link #sendToRegion} tries a region once and says whether the caller must
 * regroup its keys; {@link #sendToKey} loops until the key's region answers.
 */
public final class RegionRequestSender {

  /** The answer of one attempt: the response, or null when the region changed and keys must be regrouped. */
  public record Attempt<R>(R response) {
    public boolean regionChanged() {
      return response == null;
    }
  }

  /** The least deadline an RPC gets, however little is left of its operation. */
  static final long MIN_RPC_MS = 500;

  private final RegionCache cache;
  private final RegionErrorHandler errors;
  private final StoreChannels channels;

  public RegionRequestSender(RegionCache cache, StoreChannels channels) {
    this.cache = cache;
    this.errors = new RegionErrorHandler(cache);
    this.channels = channels;
  }

  public RegionCache cache() {
    return cache;
  }

  /** Sends to the region of {@code key} until it answers without a region error. */
  public <R extends Message> R sendToKey(Backoffer backoffer, byte[] key, RegionRpc<R> rpc) {
    while (true) {
      CachedRegion region = locate(backoffer, key);
      if (region == null) {
        continue;
      }
      Attempt<R> a = sendToRegion(backoffer, region, rpc);
      if (!a.regionChanged()) {
        return a.response();
      }
    }
  }

  /**
   * The region of {@code key}, or null after backing off when it cannot be used yet (PD knows no
   * region, or the region has no leader).
   */
  public CachedRegion locate(Backoffer backoffer, byte[] key) {
    CachedRegion region = cache.locate(key);
    if (region == null) {
      backoffer.backoff(BackoffKind.REGION_MISS, "PD knows no region for key " + Keys.show(key), null);
      return null;
    }
    if (region.leader() == null) {
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.NO_LEADER, region + " has no leader yet", null);
      return null;
    }
    return region;
  }

  /**
   * One attempt at {@code region}'s leader. On a region error or an unreachable store the cache
   * is updated, the backoffer waits when needed, and the attempt says the region changed.
   *
   * @throws io.kiln.client.error.BackoffExhaustedException when the backoff ran out
   * @throws ServerErrorException when the store rejects the request for good (an unimplemented
   *     method, an invalid argument)
   */
  public <R extends Message> Attempt<R> sendToRegion(Backoffer backoffer, CachedRegion region, RegionRpc<R> rpc) {
    if (region.leader() == null) {
      cache.invalidate(region);
      backoffer.backoff(BackoffKind.NO_LEADER, region + " has no leader yet", null);
      return new Attempt<>(null);
    }
    long storeId = region.leader().getStoreId();
    String address = cache.storeAddress(storeId);
    if (address == null) {
      cache.invalidateStore(storeId);
      backoffer.backoff(BackoffKind.STORE_UNREACHABLE, "PD knows no address for store " + storeId, null);
      return new Attempt<>(null);
    }
    R response;
    try {
      // the RPC gets the smaller of its own timeout and what is left of the operation, but never
      // so little that it cannot succeed (the operation may overrun its deadline by that much)
      long budget = Math.max(MIN_RPC_MS, backoffer.remainingMillis());
      response = rpc.call(channels.stub(address, budget), region.context());
    } catch (StatusRuntimeException e) {
      if (!retryable(e.getStatus())) {
        throw new ServerErrorException("store " + storeId + " (" + address + ") rejected the request: " + e.getStatus());
      }
      cache.invalidateStore(storeId);
      backoffer.backoff(BackoffKind.STORE_UNREACHABLE, "store " + storeId + " (" + address + "): " + e.getStatus(), e);
      return new Attempt<>(null);
    }
    Errorpb.Error regionError = regionError(response);
    if (regionError != null) {
      errors.handle(backoffer, region, storeId, regionError);
      return new Attempt<>(null);
    }
    return new Attempt<>(response);
  }

  /** True for the gRPC codes a retry can cure (the store is down, slow or restarting). */
  static boolean retryable(Status status) {
    Status.Code c = status.getCode();
    return c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED || c == Status.Code.CANCELLED
        || c == Status.Code.RESOURCE_EXHAUSTED || c == Status.Code.ABORTED || c == Status.Code.UNKNOWN;
  }

  /** The {@code region_error} field every TiKV response has, or null when unset. */
  static Errorpb.Error regionError(Message response) {
    Descriptors.FieldDescriptor field = response.getDescriptorForType().findFieldByName("region_error");
    if (field == null || !response.hasField(field)) {
      return null;
    }
    return (Errorpb.Error) response.getField(field);
  }
}
