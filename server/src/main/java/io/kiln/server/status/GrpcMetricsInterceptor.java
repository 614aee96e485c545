package io.kiln.server.status;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times every gRPC call a store serves, as a decorator around the services:
 *
 * <ul>
 *   <li>{@code tikv_grpc_msg_duration_seconds{type}}: latency of unary calls, by method in TiKV's
 *       form ({@code RawPut} is {@code raw_put}), as TiKV's metric of the same name;
 *   <li>{@code kiln_grpc_requests_total{type,code}}: finished calls (streams included) by gRPC
 *       status code;
 *   <li>{@code kiln_raw_errors_total{type,kind}}: raw KV responses carrying an error: the region
 *       error's kind ({@code not_leader}, {@code epoch_not_match}...) or {@code other} for the
 *       response's {@code error} string. Read from the response by protobuf reflection, so the
 *       service code stays untouched.
 * </ul>
 */
public final class GrpcMetricsInterceptor implements ServerInterceptor {

  private final Histogram duration;
  private final Counter requests;
  private final Counter rawErrors;
  private final Map<String, String> types = new ConcurrentHashMap<>();
  private final Map<Descriptor, Optional<FieldDescriptor[]>> errorFields = new ConcurrentHashMap<>();

  public GrpcMetricsInterceptor(PrometheusRegistry registry) {
    duration = Histogram.builder().name("tikv_grpc_msg_duration_seconds")
        .help("Latency of unary gRPC calls by method")
        .labelNames("type").classicOnly()
        .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10)
        .register(registry);
    requests = Counter.builder().name("kiln_grpc_requests_total")
        .help("Finished gRPC calls by method and status code")
        .labelNames("type", "code").register(registry);
    rawErrors = Counter.builder().name("kiln_raw_errors_total")
        .help("Raw KV responses carrying a region error or an error message, by kind")
        .labelNames("type", "kind").register(registry);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String type = types.computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), GrpcMetricsInterceptor::snake);
    boolean unary = call.getMethodDescriptor().getType() == MethodType.UNARY;
    boolean raw = type.startsWith("raw_");
    long start = System.nanoTime();
    ServerCall<Q, R> timed = new SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        if (raw && message instanceof Message m) {
          errorKind(m).ifPresent(kind -> rawErrors.labelValues(type, kind).inc());
        }
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        requests.labelValues(type, status.getCode().name()).inc();
        if (unary) {
          duration.labelValues(type).observe((System.nanoTime() - start) / 1e9);
        }
        super.close(status, trailers);
      }
    };
    return next.startCall(timed, headers);
  }

  /** {@code RawBatchPut} to {@code raw_batch_put}, as TiKV labels its gRPC metrics. */
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

  private Optional<String> errorKind(Message m) {
    Optional<FieldDescriptor[]> fields = errorFields.computeIfAbsent(m.getDescriptorForType(), d -> {
      FieldDescriptor region = d.findFieldByName("region_error");
      FieldDescriptor error = d.findFieldByName("error");
      if (region == null && (error == null || error.getJavaType() != FieldDescriptor.JavaType.STRING)) {
        return Optional.empty();
      }
      return Optional.of(new FieldDescriptor[] {region,
          error != null && error.getJavaType() == FieldDescriptor.JavaType.STRING ? error : null});
    });
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    FieldDescriptor region = fields.get()[0];
    FieldDescriptor error = fields.get()[1];
    if (region != null && m.hasField(region)) {
      Message regionError = (Message) m.getField(region);
      for (FieldDescriptor f : regionError.getAllFields().keySet()) {
        if (!f.getName().equals("message")) {
          return Optional.of(f.getName());
        }
      }
      return Optional.of("region_error");
    }
    if (error != null && !((String) m.getField(error)).isEmpty()) {
      return Optional.of("other");
    }
    return Optional.empty();
  }
}
