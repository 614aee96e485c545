package io.kiln.pd.cluster;

import io.kiln.proto.Pdpb;
import java.util.Objects;

/**
 * A request PD refuses, with the {@link Pdpb.ErrorType} that travels back to the client in the
 * response header (never as a gRPC failure).
 */
public class PdException extends RuntimeException {

  private final Pdpb.ErrorType type;

  public PdException(Pdpb.ErrorType type, String message) {
    super(message);
    this.type = Objects.requireNonNull(type, "type");
  }

  public Pdpb.ErrorType type() {
    return type;
  }

  /** The error as it goes into a response header. */
  public Pdpb.Error toError() {
    return Pdpb.Error.newBuilder().setType(type).setMessage(getMessage()).build();
  }

  public static PdException unknown(String message) {
    return new PdException(Pdpb.ErrorType.UNKNOWN, message);
  }

  public static PdException notBootstrapped() {
    return new PdException(Pdpb.ErrorType.NOT_BOOTSTRAPPED, "cluster is not bootstrapped");
  }
}
