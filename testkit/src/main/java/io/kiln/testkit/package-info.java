/**
 * Test infrastructure for the whole system: in-process clusters of stores on real engines, a
 * simulated transport with faults, nemesis, history recording and a linearizability checker.
 * Its tests also hold the architecture guards ({@code ArchitectureTest}).
 *
 * <p>Not implemented yet beyond the guards: reserved for the raftstore issue.
 */
package io.kiln.testkit;
