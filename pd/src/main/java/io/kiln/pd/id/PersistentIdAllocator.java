package io.kiln.pd.id;

import io.kiln.pd.storage.MetaKeys;
import io.kiln.pd.storage.MetaStorage;
import java.util.Objects;

/**
 * Ids from a window persisted ahead, as PD does: the end of the window is written durably before
 * any id in it is handed out, so after a restart allocation continues past it (the unused rest
 * of the window is skipped) and no id is ever handed out twice. One durable write per {@code
 * step} ids (PD uses 1000). Ids start at 1. Thread-safe.
 */
public final class PersistentIdAllocator implements IdAllocator {

  public static final long DEFAULT_STEP = 1000;

  private final MetaStorage storage;
  private final long step;
  /** The last id handed out. */
  private long base;
  /** The persisted end of the window: ids up to it may be handed out. */
  private long end;

  public PersistentIdAllocator(MetaStorage storage, long step) {
    if (step < 1) {
      throw new IllegalArgumentException("id step must be positive: " + step);
    }
    this.storage = Objects.requireNonNull(storage, "storage");
    this.step = step;
  }

  /** Continues after the persisted window. Call once before {@link #alloc}. */
  public synchronized void load() {
    byte[] saved = storage.get(MetaKeys.ALLOC_ID);
    base = saved == null ? 0 : MetaKeys.decodeLong(saved);
    end = base;
  }

  @Override
  public synchronized long alloc() {
    if (base == end) {
      long newEnd = end + step;
      storage.put(MetaKeys.ALLOC_ID, MetaKeys.encodeLong(newEnd));
      end = newEnd;
    }
    return ++base;
  }
}
