package io.kiln.testkit.net;

/**
 * What the simulated network did so far.
 *
 * @param sent messages the stores handed to their transports
 * @param delivered messages handed to a receiving store
 * @param dropped messages lost: by a filter, to or from a stopped store, or left over at close
 * @param duplicated extra copies the filters made
 */
public record NetworkStats(long sent, long delivered, long dropped, long duplicated) {}
