package io.kiln.testkit.net;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of what the simulated network did; {@link SimNetwork#stats()} reads them. */
final class NetworkCounters {

  final AtomicLong sent = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong duplicated = new AtomicLong();

  NetworkStats snapshot() {
    return new NetworkStats(sent.get(), delivered.get(), dropped.get(), duplicated.get());
  }
}
