package io.kiln.pd;

import java.util.Objects;

/**
 * How a {@link PdServer} runs.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one ({@link PdServer#port()} tells which)
 * @param name this member's name (GetMembers)
 * @param advertiseClientUrl the URL clients are told to use (GetMembers); empty: {@code
 *     http://host:port}, with 127.0.0.1 for a wildcard host
 * @param clusterId the cluster id for a new cluster; 0 picks one (time and random bits, as PD).
 *     Ignored once persisted, and a non-zero value that differs from the persisted one fails
 *     the start
 * @param maxReplicas replicas per region for a new cluster (its max_peer_count)
 * @param tsoSaveIntervalMillis how far ahead the TSO window is persisted
 * @param storeDisconnectMillis a store without a heartbeat for longer gets no new replicas
 * @param operatorTimeoutMillis an operator still not done after this long is planned again
 */
public record PdConfig(
    String host,
    int port,
    String name,
    String advertiseClientUrl,
    long clusterId,
    int maxReplicas,
    long tsoSaveIntervalMillis,
    long storeDisconnectMillis,
    long operatorTimeoutMillis) {

  public PdConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(advertiseClientUrl, "advertiseClientUrl");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
    }
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("max replicas must be at least 1: " + maxReplicas);
    }
    if (tsoSaveIntervalMillis < 1 || storeDisconnectMillis < 1 || operatorTimeoutMillis < 1) {
      throw new IllegalArgumentException("tso save interval, store disconnect time and operator timeout must be positive");
    }
  }

  /** PD's defaults: 127.0.0.1:2379, 3 replicas, a 3 s TSO window, 20 s disconnect, 60 s operators. */
  public static PdConfig defaults() {
    return new PdConfig("127.0.0.1", 2379, "pd", "", 0, 3, 3_000, 20_000, 60_000);
  }

  public PdConfig withHost(String newHost) {
    return new PdConfig(newHost, port, name, advertiseClientUrl, clusterId, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withPort(int newPort) {
    return new PdConfig(host, newPort, name, advertiseClientUrl, clusterId, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withName(String newName) {
    return new PdConfig(host, port, newName, advertiseClientUrl, clusterId, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withAdvertiseClientUrl(String url) {
    return new PdConfig(host, port, name, url, clusterId, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withClusterId(long id) {
    return new PdConfig(host, port, name, advertiseClientUrl, id, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withMaxReplicas(int replicas) {
    return new PdConfig(host, port, name, advertiseClientUrl, clusterId, replicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withTsoSaveIntervalMillis(long millis) {
    return new PdConfig(host, port, name, advertiseClientUrl, clusterId, maxReplicas,
        millis, storeDisconnectMillis, operatorTimeoutMillis);
  }

  public PdConfig withStoreDisconnectMillis(long millis) {
    return new PdConfig(host, port, name, advertiseClientUrl, clusterId, maxReplicas,
        tsoSaveIntervalMillis, millis, operatorTimeoutMillis);
  }

  public PdConfig withOperatorTimeoutMillis(long millis) {
    return new PdConfig(host, port, name, advertiseClientUrl, clusterId, maxReplicas,
        tsoSaveIntervalMillis, storeDisconnectMillis, millis);
  }
}
