package io.kiln.raft;

/** Volatile state worth reporting but never persisted: who leads, and this node's role. */
public record SoftState(long leaderId, StateRole role) {}
