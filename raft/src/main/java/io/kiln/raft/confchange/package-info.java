/**
 * Membership changes (Raft thesis §4.1 single-server changes and §4.3 joint consensus): the
 * {@link io.kiln.raft.confchange.ConfChanger} computes the configuration and progress map that a
 * change produces, refusing changes that would be unsafe, and {@link
 * io.kiln.raft.confchange.ConfRestorer} rebuilds a configuration from a {@code ConfState} (after a
 * restart or a snapshot) by replaying the changes that lead to it.
 */
package io.kiln.raft.confchange;
