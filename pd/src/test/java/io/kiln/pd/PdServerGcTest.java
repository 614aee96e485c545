package io.kiln.pd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.proto.Pdpb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PdServerGcTest {

  private final PdHarness pd = new PdHarness();

  @BeforeEach
  void bootstrap() {
    pd.bootstrap();
  }

  @AfterEach
  void close() {
    pd.close();
  }

  private long get() {
    return pd.pd().getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder().setHeader(pd.header).build()).getSafePoint();
  }

  private long update(long safePoint) {
    return pd.pd().updateGCSafePoint(Pdpb.UpdateGCSafePointRequest.newBuilder()
        .setHeader(pd.header).setSafePoint(safePoint).build()).getNewSafePoint();
  }

  private Pdpb.UpdateServiceGCSafePointResponse service(String id, long ttl, long safePoint) {
    return pd.pd().updateServiceGCSafePoint(Pdpb.UpdateServiceGCSafePointRequest.newBuilder()
        .setHeader(pd.header).setServiceId(ByteString.copyFromUtf8(id)).setTTL(ttl).setSafePoint(safePoint).build());
  }

  @Test
  void theGcSafePointNeverGoesBackwards() {
    assertThat(get()).isZero();

    assertThat(update(1000)).isEqualTo(1000);
    assertThat(update(400)).isEqualTo(1000);
    assertThat(get()).isEqualTo(1000);
  }

  @Test
  void serviceSafePointsAnswerTheMinimumAndExpireWithTheirTtl() {
    service("gc_worker", Long.MAX_VALUE, 100);
    Pdpb.UpdateServiceGCSafePointResponse br = service("br", 300, 150);
    assertThat(br.getServiceId().toStringUtf8()).isEqualTo("gc_worker");
    assertThat(br.getMinSafePoint()).isEqualTo(100);

    Pdpb.UpdateServiceGCSafePointResponse worker = service("gc_worker", Long.MAX_VALUE, 500);
    assertThat(worker.getServiceId().toStringUtf8()).isEqualTo("br");
    assertThat(worker.getMinSafePoint()).isEqualTo(150);
    assertThat(worker.getTTL()).isEqualTo(300);

    Pdpb.UpdateServiceGCSafePointResponse late = service("cdc", 300, 120);
    assertThat(late.getMinSafePoint()).as("below the minimum: refused").isEqualTo(150);

    pd.clock.advance(301_000);
    Pdpb.UpdateServiceGCSafePointResponse afterExpiry = service("cdc", 300, 600);
    assertThat(afterExpiry.getServiceId().toStringUtf8()).isEqualTo("gc_worker");
    assertThat(afterExpiry.getMinSafePoint()).isEqualTo(500);
  }
}
