package io.kiln.raftstore;

/**
 * Receives the outcome of a command exactly once, on a raftstore thread: keep it short and never
 * block in it.
 */
@FunctionalInterface
public interface CmdCallback {

  void onResult(CmdResult result);
}
