package io.kiln.client;

import java.util.List;
import java.util.Random;

/**
 * A client's settings; {@link KilnClient#builder()} fills in the defaults.
 *
 * @param pdEndpoints PD addresses, {@code host:port}
 * @param requestTimeoutMs how long one operation (a get, a batch, a commit step) may keep
 *     retrying region errors and unreachable stores
 * @param rpcTimeoutMs the deadline of a single RPC
 * @param pdTimeoutMs how long a PD call (a region look-up, a timestamp) may keep retrying
 * @param maxBatchKeys the most keys one batched request carries
 * @param asyncThreads threads that run the {@code ...Async} forms and background work
 * @param random the source of backoff jitter (seed it to make retries reproducible)
 */
public record KilnClientConfig(List<String> pdEndpoints, long requestTimeoutMs, long rpcTimeoutMs, long pdTimeoutMs,
    int maxBatchKeys, int asyncThreads, Random random) {

  public KilnClientConfig {
    pdEndpoints = List.copyOf(pdEndpoints);
    if (pdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one PD endpoint is needed");
    }
    if (requestTimeoutMs <= 0 || rpcTimeoutMs <= 0 || pdTimeoutMs <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxBatchKeys <= 0 || asyncThreads <= 0) {
      throw new IllegalArgumentException("maxBatchKeys and asyncThreads must be positive");
    }
  }
}
