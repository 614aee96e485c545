package io.kiln.server.status;

import io.kiln.raftstore.RaftStore;
import io.kiln.server.pd.PdBootstrap;

/** What a store's {@code GET /status} answers: who it is and what it holds, as one JSON object. */
public final class StoreStatus {

  private StoreStatus() {}

  /**
   * The status object.
   *
   * @param startMillis when the process started serving (for {@code uptime_seconds})
   */
  public static String json(RaftStore store, String version, String address, String statusAddress,
      long startMillis, long nowMillis) {
    return new StatusJson()
        .put("store_id", store.storeId())
        .put("version", version)
        .put("protocol_version", PdBootstrap.STORE_VERSION)
        .put("address", address)
        .put("status_address", statusAddress)
        .put("uptime_seconds", Math.max(0, (nowMillis - startMillis) / 1000))
        .put("region_count", store.regionCount())
        .put("leader_count", store.leaderCount())
        .toString();
  }
}
