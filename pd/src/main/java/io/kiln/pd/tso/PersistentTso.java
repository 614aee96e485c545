package io.kiln.pd.tso;

import io.kiln.pd.clock.PdClock;
import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timestamp oracle: hands out timestamps that strictly increase, also across restarts of PD,
 * the way PD does it.
 *
 * <h2>The window</h2>
 *
 * No timestamp with a physical part beyond the persisted window ({@link MetaKeys#TIMESTAMP}) is
 * ever issued: before the physical part passes the window, the window is moved to {@code physical
 * + saveIntervalMillis} and written durably. After a restart the oracle starts at {@code max(now,
 * window + 1)}, so it never reissues a timestamp even if the clock went backwards in between.
 * One durable write per {@code saveIntervalMillis} (3 s by default, like PD).
 *
 * <h2>Time</h2>
 *
 * <ul>
 *   <li>A request takes the clock's time as the physical part when it is past the last one
 *       (logical restarts at 0); otherwise it keeps the last physical time and counts on in the
 *       logical part. So a clock that goes backwards never makes timestamps go backwards.
 *   <li>When the logical part would reach 2^18, the oracle waits for the next millisecond. If the
 *       clock is behind the last physical time (it went backwards), waiting could take as long as
 *       the clock is behind, so the oracle moves its physical time one millisecond ahead instead,
 *       as PD does when its logical part is exhausted.
 * </ul>
 *
 * <p>Thread-safe: requests are served one at a time.
 */
public final class PersistentTso {

  private static final Logger LOG = LoggerFactory.getLogger(PersistentTso.class);

  /** PD's tso-save-interval. */
  public static final long DEFAULT_SAVE_INTERVAL_MILLIS = 3_000;

  private final MetaStorage storage;
  private final PdClock clock;
  private final long saveIntervalMillis;

  /** Physical part of the last issued timestamp (or the start point after {@link #load}). */
  private long physical;
  /** The next logical value free at {@link #physical}. */
  private long nextLogical;
  /** No issued physical time is greater than this; it is persisted. */
  private long savedUpTo;
  private boolean loaded;

  public PersistentTso(MetaStorage storage, PdClock clock, long saveIntervalMillis) {
    if (saveIntervalMillis < 1) {
      throw new IllegalArgumentException("tso save interval must be at least 1 ms: " + saveIntervalMillis);
    }
    this.storage = Objects.requireNonNull(storage, "storage");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.saveIntervalMillis = saveIntervalMillis;
  }

  /**
   * Reads the persisted window and starts past it (or at the clock, whichever is later), then
   * persists the first window. Call once before {@link #next}; a PD that becomes leader calls it
   * again.
   */
  public synchronized void load() {
    byte[] saved = storage.get(MetaKeys.TIMESTAMP);
    long last = saved == null ? 0 : MetaKeys.decodeLong(saved);
    long now = clock.nowMillis();
    long start = Math.max(now, last + 1);
    if (now <= last) {
      LOG.info("clock ({} ms) is not past the persisted tso window ({} ms); starting at {}", now, last, start);
    }
    save(start + saveIntervalMillis);
    physical = start;
    nextLogical = 0;
    loaded = true;
  }

  /** The next timestamp; same as {@code next(1)}. */
  public TsoTimestamp next() {
    return next(1);
  }

  /**
   * Reserves {@code count} consecutive timestamps (same physical part, logical parts {@code
   * last.logical - count + 1 .. last.logical}) and returns the last one, as PD answers a
   * TsoRequest.
   *
   * @throws IllegalArgumentException if count is not in {@code [1, 2^18)}
   * @throws IllegalStateException if interrupted while waiting for the next millisecond
   */
  public synchronized TsoTimestamp next(int count) {
    if (count < 1 || count >= TsoTimestamp.MAX_LOGICAL) {
      throw new IllegalArgumentException("tso count must be in [1, " + TsoTimestamp.MAX_LOGICAL + "): " + count);
    }
    if (!loaded) {
      throw new IllegalStateException("the tso was not loaded");
    }
    long candidatePhysical = physical;
    long candidateLogical = nextLogical;
    long now = clock.nowMillis();
    if (now > candidatePhysical) {
      candidatePhysical = now;
      candidateLogical = 0;
    }
    while (candidateLogical + count > TsoTimestamp.MAX_LOGICAL) {
      // logical part exhausted in this millisecond
      now = clock.nowMillis();
      if (now > candidatePhysical) {
        candidatePhysical = now;
        candidateLogical = 0;
      } else if (now == candidatePhysical) {
        sleepOneMillisecond();
      } else {
        candidatePhysical++;
        candidateLogical = 0;
        LOG.info("tso logical part exhausted while the clock is {} ms behind; physical moves to {}",
            candidatePhysical - now, candidatePhysical);
      }
    }
    if (candidatePhysical > savedUpTo) {
      save(candidatePhysical + saveIntervalMillis);
    }
    physical = candidatePhysical;
    nextLogical = candidateLogical + count;
    return new TsoTimestamp(physical, nextLogical - 1);
  }

  /** The persisted upper bound of physical times (for tests and diagnostics). */
  public synchronized long savedUpTo() {
    return savedUpTo;
  }

  private void save(long upTo) {
    storage.put(MetaKeys.TIMESTAMP, MetaKeys.encodeLong(upTo));
    savedUpTo = upTo;
  }

  private void sleepOneMillisecond() {
    try {
      clock.sleepMillis(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next millisecond", e);
    }
  }
}
