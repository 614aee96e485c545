package io.kiln.raft.sim;

/** A violated invariant, found by the simulator; the cluster adds the seed and the trace. */
final class SimulationFailure extends RuntimeException {
  SimulationFailure(String message) {
    super(message);
  }
}
