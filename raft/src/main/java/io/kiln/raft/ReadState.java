package io.kiln.raft;

import com.google.protobuf.ByteString;

/**
 * The answer to a read-index request: once the application has applied up to {@code index}, a
 * read for {@code requestCtx} sees every write that completed before the request (Raft §6.4).
 */
public record ReadState(long index, ByteString requestCtx) {}
