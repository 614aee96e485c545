package io.kiln.server.raw;

import io.kiln.proto.Errorpb;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionErrorException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a raw request failed, in the form its response carries: a region error (the client
 * refreshes its region cache and retries) or a message for the {@code error} field.
 *
 * @param regionError set for NotLeader, EpochNotMatch, RegionNotFound, KeyNotInRegion... and when
 *     the store is closing (a region error with only a message, as TiKV's "TiKV is Closing")
 * @param message set otherwise
 */
public record RawFailure(Errorpb.Error regionError, String message) {

  private static final Logger LOG = LoggerFactory.getLogger(RawFailure.class);

  /** Classifies {@code t} (unwrapping completion wrappers). */
  public static RawFailure of(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof RegionErrorException r) {
      return new RawFailure(r.error(), null);
    }
    if (e instanceof InvalidRawRequest) {
      return new RawFailure(null, e.getMessage());
    }
    if (e instanceof RejectedExecutionException) {
      return new RawFailure(Errorpb.Error.newBuilder().setMessage("store is closing").build(), null);
    }
    LOG.warn("raw request failed", e);
    String m = e.getMessage();
    return new RawFailure(null, m == null || m.isEmpty() ? e.getClass().getName() : m);
  }

  /** Puts the failure into a response that has both {@code region_error} and {@code error}. */
  public void fill(Consumer<Errorpb.Error> setRegionError, Consumer<String> setError) {
    if (regionError != null) {
      setRegionError.accept(regionError);
    } else {
      setError.accept(message);
    }
  }

  /**
   * For responses without an {@code error} field (batch get, scan): the region error, or one pair
   * whose key error carries the message (TiKV's {@code extract_kv_pairs}).
   */
  public void fillPairs(Consumer<Errorpb.Error> setRegionError, Consumer<Kvrpcpb.KvPair> addPair) {
    if (regionError != null) {
      setRegionError.accept(regionError);
    } else {
      addPair.accept(Kvrpcpb.KvPair.newBuilder()
          .setError(Kvrpcpb.KeyError.newBuilder().setAbort(message)).build());
    }
  }

  /** Runs {@code start}; an exception it throws becomes a failed future. */
  static <T> CompletableFuture<T> guard(Supplier<CompletableFuture<T>> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
