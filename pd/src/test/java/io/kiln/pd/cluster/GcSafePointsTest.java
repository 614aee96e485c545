package io.kiln.pd.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.pd.clock.FakePdClock;
import io.kiln.pd.storage.EngineMetaStorage;
import io.kiln.pd.storage.MetaStorage;
import org.junit.jupiter.api.Test;

class GcSafePointsTest {

  private final MetaStorage storage = new EngineMetaStorage(new MemoryKvEngine());
  private final FakePdClock clock = new FakePdClock(1_700_000_000_000L);
  private final GcSafePoints gc = new GcSafePoints(storage, clock);

  private static ByteString id(String service) {
    return ByteString.copyFromUtf8(service);
  }

  @Test
  void theGcSafePointStartsAtZeroAndNeverGoesBackwards() {
    assertThat(gc.gcSafePoint()).isZero();

    assertThat(gc.updateGcSafePoint(100)).isEqualTo(100);
    assertThat(gc.updateGcSafePoint(50)).isEqualTo(100);
    assertThat(gc.gcSafePoint()).isEqualTo(100);
    assertThat(gc.updateGcSafePoint(200)).isEqualTo(200);
    assertThat(new GcSafePoints(storage, clock).gcSafePoint()).as("persisted").isEqualTo(200);
  }

  @Test
  void safePointsCompareUnsigned() {
    gc.updateGcSafePoint(Long.MAX_VALUE);

    assertThat(gc.updateGcSafePoint(-2)).as("2^64 - 2 is later").isEqualTo(-2);
  }

  @Test
  void withoutServicesTheGcWorkerHoldsZero() {
    ServiceSafePoint min = gc.minServiceSafePoint();

    assertThat(min.serviceId()).isEqualTo(id(GcSafePoints.GC_WORKER));
    assertThat(min.safePoint()).isZero();
    assertThat(min.expiredAtSeconds()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theAnswerIsTheMinimumOverServicesAndAnUpdateBelowItIsRefused() {
    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 10);

    ServiceSafePoint afterBr = gc.updateServiceSafePoint(id("br"), 600, 100);
    assertThat(afterBr.serviceId()).isEqualTo(id(GcSafePoints.GC_WORKER));
    assertThat(afterBr.safePoint()).isEqualTo(10);

    ServiceSafePoint afterWorker = gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 200);
    assertThat(afterWorker.serviceId()).as("gc_worker moved past br").isEqualTo(id("br"));
    assertThat(afterWorker.safePoint()).isEqualTo(100);
    assertThat(gc.ttlSeconds(afterWorker)).isEqualTo(600);

    ServiceSafePoint refused = gc.updateServiceSafePoint(id("cdc"), 600, 50);
    assertThat(refused.safePoint()).as("50 is below the minimum 100").isEqualTo(100);
    assertThat(gc.minServiceSafePoint().serviceId()).isEqualTo(id("br"));
  }

  @Test
  void expiredServicesNoLongerHoldGcBack() {
    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 500);
    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), 1, 500);
    ServiceSafePoint br = gc.updateServiceSafePoint(id("br"), 60, 600);
    assertThat(br.serviceId()).isEqualTo(id(GcSafePoints.GC_WORKER));

    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 1000);
    assertThat(gc.minServiceSafePoint().serviceId()).isEqualTo(id("br"));
    assertThat(gc.ttlSeconds(gc.minServiceSafePoint())).isEqualTo(60);

    clock.advance(61_000);

    ServiceSafePoint min = gc.minServiceSafePoint();
    assertThat(min.serviceId()).isEqualTo(id(GcSafePoints.GC_WORKER));
    assertThat(min.safePoint()).isEqualTo(1000);
  }

  @Test
  void aNonPositiveTtlRemovesTheService() {
    gc.updateServiceSafePoint(id("br"), 600, 100);
    assertThat(gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 300).serviceId()).isEqualTo(id("br"));

    ServiceSafePoint min = gc.updateServiceSafePoint(id("br"), 0, 0);

    assertThat(min.serviceId()).isEqualTo(id(GcSafePoints.GC_WORKER));
    assertThat(min.safePoint()).isEqualTo(300);
  }

  @Test
  void theGcWorkerCannotBeRemovedAndNeverExpires() {
    assertThatThrownBy(() -> gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), 0, 0))
        .isInstanceOf(PdException.class);

    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), 5, 7);
    clock.advance(3_600_000);

    assertThat(gc.minServiceSafePoint().safePoint()).isEqualTo(7);
  }

  @Test
  void serviceSafePointsArePersisted() {
    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 70);
    gc.updateServiceSafePoint(id("br"), 600, 80);
    gc.updateServiceSafePoint(id(GcSafePoints.GC_WORKER), Long.MAX_VALUE, 90);

    GcSafePoints reopened = new GcSafePoints(storage, clock);

    assertThat(reopened.minServiceSafePoint()).isEqualTo(new ServiceSafePoint(id("br"), 80, 1_700_000_000L + 600));
  }
}
