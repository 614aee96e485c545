/**
 * Quorum arithmetic, free of everything else in Raft: majority and joint configurations, the
 * committed index a quorum has acknowledged, and the outcome of a vote (Raft thesis §4.3 for
 * joint consensus: a decision needs a majority of the incoming AND of the outgoing voters).
 */
package io.kiln.raft.quorum;
