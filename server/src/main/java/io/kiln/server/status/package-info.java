/**
 * A node's status port: {@link io.kiln.server.status.StatusHttpServer} serves {@code GET /metrics}
 * (Prometheus text format) and {@code GET /status} (JSON) on the JDK's HTTP server, like TiKV's
 * {@code status-addr}. The metrics are read, never pushed: {@link
 * io.kiln.server.status.StoreMetrics} registers callbacks that read the raftstore's and
 * transport's own counters on each scrape, and {@link io.kiln.server.status.GrpcMetricsInterceptor}
 * times every gRPC call as a decorator around the services, so no dispatch code records metrics.
 */
package io.kiln.server.status;
