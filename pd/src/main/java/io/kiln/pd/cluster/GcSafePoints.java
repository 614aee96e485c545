package io.kiln.pd.cluster;

import com.google.protobuf.ByteString;
import io.kiln.pd.clock.PdClock;
import io.kiln.pd.storage.MetaEntry;
import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import io.kiln.pd.storage.MetaWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GC safe point and the service safe points, with PD's semantics. Safe points are timestamps
 * compared as unsigned numbers. Everything is persisted ({@link MetaKeys#GC_SAFE_POINT}, {@link
 * MetaKeys#SERVICE_SAFE_POINT_PREFIX}).
 *
 * <ul>
 *   <li>The GC safe point never goes backwards: an update below it is ignored, and the answer
 *       is the safe point in force.
 *   <li>Each service (BR, CDC, a GC worker...) holds a safe point with a TTL in seconds; a TTL
 *       {@code <= 0} removes it. An update is accepted only if it is not below the current
 *       minimum over all services (GC may already have reached that minimum). The answer is the
 *       minimum over the services whose TTL has not run out; expired ones are deleted.
 *   <li>The service {@value #GC_WORKER} (the cluster's own GC) never expires and cannot be
 *       removed. When no valid service safe point exists, it is created at 0, as PD does.
 * </ul>
 *
 * Thread-safe: updates are serialized.
 */
public final class GcSafePoints {

  private static final Logger LOG = LoggerFactory.getLogger(GcSafePoints.class);

  /** The service id of the cluster's GC worker (TiDB's name, kept by PD). */
  public static final String GC_WORKER = "gc_worker";
  private static final ByteString GC_WORKER_ID = ByteString.copyFromUtf8(GC_WORKER);

  private final MetaStorage storage;
  private final PdClock clock;

  public GcSafePoints(MetaStorage storage, PdClock clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The GC safe point (0 until set). */
  public long gcSafePoint() {
    byte[] value = storage.get(MetaKeys.GC_SAFE_POINT);
    return value == null ? 0 : MetaKeys.decodeLong(value);
  }

  /** Moves the GC safe point to {@code safePoint} if that is later; returns the one in force. */
  public synchronized long updateGcSafePoint(long safePoint) {
    long current = gcSafePoint();
    if (Long.compareUnsigned(safePoint, current) <= 0) {
      if (safePoint != current) {
        LOG.info("ignored gc safe point {}: below the current {}", Long.toUnsignedString(safePoint),
            Long.toUnsignedString(current));
      }
      return current;
    }
    storage.put(MetaKeys.GC_SAFE_POINT, MetaKeys.encodeLong(safePoint));
    LOG.info("gc safe point is now {}", Long.toUnsignedString(safePoint));
    return safePoint;
  }

  /**
   * UpdateServiceGCSafePoint: sets (ttl &gt; 0) or removes (ttl &lt;= 0) the service's safe
   * point, then answers the minimum valid service safe point.
   *
   * @throws PdException UNKNOWN for an empty service id or to remove {@value #GC_WORKER}
   */
  public synchronized ServiceSafePoint updateServiceSafePoint(ByteString serviceId, long ttlSeconds, long safePoint) {
    long now = nowSeconds();
    boolean gcWorker = serviceId.equals(GC_WORKER_ID);
    if (ttlSeconds <= 0) {
      if (gcWorker) {
        throw PdException.unknown("cannot remove the service safe point of " + GC_WORKER);
      }
      storage.write(List.of(MetaWrite.delete(MetaKeys.serviceSafePoint(serviceId.toByteArray()))));
    }
    ServiceSafePoint min = minServiceSafePoint(now);
    if (ttlSeconds > 0 && Long.compareUnsigned(safePoint, min.safePoint()) >= 0) {
      if (serviceId.isEmpty()) {
        throw PdException.unknown("service id of a service safe point cannot be empty");
      }
      long expiredAt = gcWorker || ttlSeconds >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ttlSeconds;
      save(new ServiceSafePoint(serviceId, safePoint, expiredAt));
      LOG.info("service {} safe point is now {} (ttl {} s)", serviceId.toStringUtf8(),
          Long.toUnsignedString(safePoint), ttlSeconds);
      if (serviceId.equals(min.serviceId())) {
        min = minServiceSafePoint(now);
      }
    }
    return min;
  }

  /** The minimum valid service safe point now (creating {@value #GC_WORKER}'s when needed). */
  public synchronized ServiceSafePoint minServiceSafePoint() {
    return minServiceSafePoint(nowSeconds());
  }

  /** The TTL left to {@code point}, in seconds, as PD answers it. */
  public long ttlSeconds(ServiceSafePoint point) {
    return point.expiredAtSeconds() - nowSeconds();
  }

  private ServiceSafePoint minServiceSafePoint(long now) {
    List<MetaWrite> expired = new ArrayList<>();
    ServiceSafePoint min = null;
    boolean hasGcWorker = false;
    for (MetaEntry entry : storage.scan(MetaKeys.SERVICE_SAFE_POINT_PREFIX)) {
      ServiceSafePoint point = ServiceSafePoint.decode(entry.value());
      if (point.serviceId().equals(GC_WORKER_ID)) {
        hasGcWorker = true;
      }
      if (point.isExpired(now)) {
        expired.add(MetaWrite.delete(entry.key()));
        continue;
      }
      if (min == null || Long.compareUnsigned(point.safePoint(), min.safePoint()) < 0) {
        min = point;
      }
    }
    storage.write(expired);
    if (min == null) {
      return save(new ServiceSafePoint(GC_WORKER_ID, 0, Long.MAX_VALUE));
    }
    if (!hasGcWorker) {
      save(new ServiceSafePoint(GC_WORKER_ID, min.safePoint(), Long.MAX_VALUE));
    }
    return min;
  }

  private ServiceSafePoint save(ServiceSafePoint point) {
    storage.put(MetaKeys.serviceSafePoint(point.serviceId().toByteArray()), point.encode());
    return point;
  }

  private long nowSeconds() {
    return Math.floorDiv(clock.nowMillis(), 1000);
  }
}
