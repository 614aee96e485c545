package io.kiln.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PdServerHealthTest {

  private final PdHarness pd = new PdHarness();

  @AfterEach
  void close() {
    pd.close();
  }

  @Test
  void healthIsServingForTheServerAndThePdService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(pd.channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("pdpb.PD").build()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
