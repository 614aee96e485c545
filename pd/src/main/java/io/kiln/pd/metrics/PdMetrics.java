package io.kiln.pd.metrics;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.kiln.pd.cluster.PdCluster;
import io.kiln.proto.Pdpb.RegionHeartbeatResponse;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * PD's metrics in one registry:
 *
 * <ul>
 *   <li>{@code kiln_pd_requests_total{type}}: request messages received, by method ({@code tso},
 *       {@code region_heartbeat}, {@code get_region}...); a stream counts each message;
 *   <li>{@code kiln_pd_operator_steps_total{kind}}: region heartbeat responses carrying an operator
 *       step ({@code change_peer}, {@code transfer_leader}...): a step is sent again on each
 *       heartbeat until the region shows it done;
 *   <li>{@code pd_cluster_status{type}}: {@code store_count}, {@code store_up_count} (live),
 *       {@code region_count}, as PD's gauge of the same name.
 * </ul>
 */
public final class PdMetrics implements ServerInterceptor {

  /** Fields of a RegionHeartbeatResponse that are not an operator step. */
  private static final Set<String> NOT_A_STEP = Set.of("header", "region_id", "region_epoch", "target_peer");

  private final Counter requests;
  private final Counter steps;
  private final Map<String, String> types = new ConcurrentHashMap<>();

  public PdMetrics(PrometheusRegistry registry) {
    requests = Counter.builder().name("kiln_pd_requests_total")
        .help("Request messages PD received, by method (each message of a stream counts)")
        .labelNames("type").register(registry);
    steps = Counter.builder().name("kiln_pd_operator_steps_total")
        .help("Region heartbeat responses carrying an operator step, by kind")
        .labelNames("kind").register(registry);
  }

  /**
   * Registers {@code pd_cluster_status}, read from the cluster on each scrape (0 before PD runs).
   *
   * @param nowMillis PD's clock; @param disconnectMillis a store silent for longer is not up
   */
  public static void registerCluster(PrometheusRegistry registry, Supplier<PdCluster> cluster, LongSupplier nowMillis,
      long disconnectMillis) {
    GaugeWithCallback.builder().name("pd_cluster_status")
        .help("The cluster's stores (all, up) and regions as PD knows them")
        .labelNames("type")
        .callback(cb -> {
          PdCluster c = cluster.get();
          if (c == null) {
            return;
          }
          long now = nowMillis.getAsLong();
          var stores = c.stores().all();
          cb.call(stores.stream().filter(s -> !s.isTombstone()).count(), "store_count");
          cb.call(stores.stream().filter(s -> s.isLive(now, disconnectMillis)).count(), "store_up_count");
          cb.call(c.regions().size(), "region_count");
        }).register(registry);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String type = types.computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), PdMetrics::snake);
    ServerCall<Q, R> counted = new SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        if (message instanceof RegionHeartbeatResponse r) {
          for (FieldDescriptor f : r.getAllFields().keySet()) {
            if (!NOT_A_STEP.contains(f.getName())) {
              steps.labelValues(f.getName()).inc();
            }
          }
        }
        super.sendMessage(message);
      }
    };
    return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
      @Override
      public void onMessage(Q message) {
        requests.labelValues(type).inc();
        super.onMessage(message);
      }
    };
  }

  static String snake(String method) {
    StringBuilder sb = new StringBuilder(method.length() + 4);
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
