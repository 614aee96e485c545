package io.kiln.raftstore.kv;

import io.kiln.proto.Errorpb;

/**
 * A request failed with a region error (NotLeader, EpochNotMatch, ...) that the client acts on:
 * the server puts {@link #error()} into the response's {@code region_error}.
 */
public final class RegionErrorException extends RuntimeException {

  private final transient Errorpb.Error error;

  public RegionErrorException(Errorpb.Error error) {
    super(error.getMessage(), null, false, false);
    this.error = error;
  }

  public Errorpb.Error error() {
    return error;
  }
}
