package io.kiln.server.transport;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link TransportStats}, shared by a transport's connections. */
final class TransportCounters {

  final AtomicLong messagesSent = new AtomicLong();
  final AtomicLong batchesSent = new AtomicLong();
  final AtomicLong messagesDropped = new AtomicLong();
  final AtomicLong streamFailures = new AtomicLong();
  final AtomicLong snapshotsSent = new AtomicLong();
  final AtomicLong snapshotsFailed = new AtomicLong();

  TransportStats snapshot() {
    return new TransportStats(messagesSent.get(), batchesSent.get(), messagesDropped.get(), streamFailures.get(),
        snapshotsSent.get(), snapshotsFailed.get());
  }
}
