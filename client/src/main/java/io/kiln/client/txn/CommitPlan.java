package io.kiln.client.txn;

import io.kiln.client.codec.Keys;
import io.kiln.client.rpc.RegionBatches;
import io.kiln.client.rpc.RegionRequestSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * How a commit's keys are sent: the primary is the smallest key, and the batch (region) that
 * holds it goes first, so that no secondary lock exists without its primary lock (client-go
 * prewrites the primary batch first too, and commits it alone).
 */
record CommitPlan(byte[] primary, List<byte[]> primaryBatch, List<byte[]> others) {

  /** {@code keys} must be non-empty and distinct. */
  static CommitPlan of(RegionRequestSender sender, List<byte[]> keys, int maxBatch) {
    List<byte[]> sorted = new ArrayList<>(keys);
    sorted.sort(Keys.ORDER);
    byte[] primary = sorted.get(0);
    Deque<RegionBatches.Batch> batches = RegionBatches.group(sender, sorted, maxBatch);
    List<byte[]> primaryBatch = null;
    List<byte[]> others = new ArrayList<>();
    for (RegionBatches.Batch b : batches) {
      if (primaryBatch == null && containsKey(b.keys(), primary)) {
        primaryBatch = new ArrayList<>(b.keys());
      } else {
        others.addAll(b.keys());
      }
    }
    return new CommitPlan(primary, primaryBatch, others);
  }

  /** Every key but the primary, in key order. */
  List<byte[]> secondaries() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] k : primaryBatch) {
      if (!Arrays.equals(k, primary)) {
        out.add(k);
      }
    }
    out.addAll(others);
    return out;
  }

  private static boolean containsKey(List<byte[]> keys, byte[] key) {
    for (byte[] k : keys) {
      if (Arrays.equals(k, key)) {
        return true;
      }
    }
    return false;
  }
}
