package io.kiln.raftstore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named points in the raftstore where a test can inject an action (throw to simulate a crash at
 * that spot, block, count), to reproduce races and crashes deterministically. One registry per
 * store (no global state); {@link #eval} costs one volatile read while nothing is enabled.
 *
 * <p>Points: {@code raft_log_gc_before_delete} (log truncated in the apply state, entries not yet
 * deleted), {@code snapshot_apply_before_ingest} (region data cleared, snapshot not yet ingested),
 * {@code snapshot_apply_before_done} (ingested, region not yet marked Normal).
 */
public final class FailPoints {

  /** Thrown by {@link #crash()} actions: the work in progress stops as if the process died. */
  public static final class InjectedCrash extends RuntimeException {
    public InjectedCrash(String point) {
      super("injected crash at " + point, null, false, false);
    }
  }

  private final Map<String, Runnable> actions = new ConcurrentHashMap<>();
  private volatile boolean any;

  public void enable(String name, Runnable action) {
    actions.put(name, action);
    any = true;
  }

  public void disable(String name) {
    actions.remove(name);
    any = !actions.isEmpty();
  }

  /** Runs the action set for {@code name}, if any. */
  public void eval(String name) {
    if (!any) {
      return;
    }
    Runnable a = actions.get(name);
    if (a != null) {
      a.run();
    }
  }

  /** An action that throws {@link InjectedCrash}. */
  public static Runnable crash(String name) {
    return () -> {
      throw new InjectedCrash(name);
    };
  }
}
