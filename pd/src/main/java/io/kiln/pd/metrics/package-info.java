/**
 * PD's metrics: {@link io.kiln.pd.metrics.PdMetrics} counts the requests PD receives (TSO,
 * region heartbeats...) and the operator steps it sends, as a gRPC interceptor around the
 * service, and reads the cluster's store and region counts on each scrape. {@code kiln pd}
 * serves them on its status port.
 */
package io.kiln.pd.metrics;
