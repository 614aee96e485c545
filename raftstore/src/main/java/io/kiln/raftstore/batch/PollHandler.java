package io.kiln.raftstore.batch;

import java.util.List;

/**
 * What a poller does with a batch of ready FSMs (TiKV's {@code PollHandler}): {@link #begin} a
 * round, {@link #handle} each FSM (up to {@code messages-per-tick} of its messages), then {@link
 * #end} the round for all of them at once (where the raftstore writes every peer's raft state in
 * one batch with one fsync). One handler per poller thread, so it may keep per-round state.
 */
public interface PollHandler<F> {

  void begin();

  void handle(F fsm);

  void end(List<F> batch);

  /** The poller thread is exiting. */
  default void shutdown() {}
}
