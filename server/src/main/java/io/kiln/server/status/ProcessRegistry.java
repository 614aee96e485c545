package io.kiln.server.status;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The registry of one {@code kiln} process: its JVM's metrics ({@code jvm_*}, {@code process_*}) to start with. */
public final class ProcessRegistry {

  private ProcessRegistry() {}

  /** A new registry with the JVM's memory, threads, GC and process metrics registered. */
  public static PrometheusRegistry withJvmMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return registry;
  }
}
