package io.kiln.testkit.client;

import io.kiln.proto.Errorpb;

/** A region error that retrying cannot fix (RaftEntryTooLarge): the request itself is wrong. */
public final class ClientRegionErrorException extends RuntimeException {

  private final transient Errorpb.Error error;

  public ClientRegionErrorException(String what, Errorpb.Error error) {
    super(what + " failed: " + error.getMessage());
    this.error = error;
  }

  public Errorpb.Error error() {
    return error;
  }
}
