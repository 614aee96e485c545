package io.kiln.client.rpc;

import com.google.protobuf.Message;
import io.kiln.client.backoff.Backoffer;
import io.kiln.client.region.CachedRegion;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Batched requests: keys are grouped by region (and cut into batches of at most
 * {@code maxBatch}), one request per batch; when a region answers with a region error its keys
 * are grouped again from the updated cache and sent again, until the backoffer runs out.
 */
public final class RegionBatches {

  /** One batch: the region and its keys, in key order. */
  public record Batch(CachedRegion region, List<byte[]> keys) {}

  private RegionBatches() {}

  /** The batches {@code keys} fall into now, in region order. */
  public static Deque<Batch> group(RegionRequestSender sender, Collection<byte[]> keys, int maxBatch) {
    Deque<Batch> out = new ArrayDeque<>();
    for (Map.Entry<CachedRegion, List<byte[]>> e : sender.cache().groupByRegion(keys).entrySet()) {
      List<byte[]> ks = e.getValue();
      for (int i = 0; i < ks.size(); i += maxBatch) {
        out.add(new Batch(e.getKey(), ks.subList(i, Math.min(ks.size(), i + maxBatch))));
      }
    }
    return out;
  }

  /**
   * Sends a request per batch, one batch after another, and passes each answer with its keys to
   * {@code onResponse}.
   */
  public static <R extends Message> void send(RegionRequestSender sender, Backoffer backoffer, Collection<byte[]> keys,
      int maxBatch, Function<List<byte[]>, RegionRpc<R>> request, BiConsumer<Batch, R> onResponse) {
    Deque<Batch> todo = group(sender, keys, maxBatch);
    while (!todo.isEmpty()) {
      Batch batch = todo.poll();
      RegionRequestSender.Attempt<R> a = sender.sendToRegion(backoffer, batch.region(), request.apply(batch.keys()));
      if (a.regionChanged()) {
        Deque<Batch> regrouped = group(sender, batch.keys(), maxBatch);
        while (!regrouped.isEmpty()) {
          todo.addFirst(regrouped.pollLast());
        }
      } else {
        onResponse.accept(batch, a.response());
      }
    }
  }
}
