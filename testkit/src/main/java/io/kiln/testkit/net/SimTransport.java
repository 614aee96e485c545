package io.kiln.testkit.net;

import io.kiln.proto.RaftServerpb.RaftMessage;
import io.kiln.raftstore.Transport;

/**
 * One store's end of a {@link SimNetwork}: what the store's raft threads send goes through the
 * network's filters and is delivered later, on the receiving store's inbox thread. Never blocks.
 */
public final class SimTransport implements Transport {

  private final SimNetwork network;
  private final long storeId;

  SimTransport(SimNetwork network, long storeId) {
    this.network = network;
    this.storeId = storeId;
  }

  public long storeId() {
    return storeId;
  }

  @Override
  public void send(RaftMessage msg) {
    network.send(storeId, msg);
  }

  @Override
  public String toString() {
    return "SimTransport(store " + storeId + ")";
  }
}
