package io.kiln.pd.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kiln.pd.cluster.PdException;
import io.kiln.pd.tso.PersistentTso;
import io.kiln.pd.tso.TsoTimestamp;
import io.kiln.proto.Pdpb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tso stream: each request gets exactly one response, in order; when the client half-closes,
 * the server completes the call. So both ways clients use it work: a long-lived stream of
 * requests (TiKV, PD's Go client), and one request followed at once by a half-close, as
 * tikv-client-java does through a blocking unary call on this bidirectional method.
 *
 * <p>The timestamp answered is the last of the {@code count} reserved ones (PD's convention).
 * Refusals (wrong cluster, count 0 or too large) travel in the response header; an internal
 * failure (storage) ends the stream with UNKNOWN.
 */
final class TsoStream implements StreamObserver<Pdpb.TsoRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(TsoStream.class);

  private final PersistentTso tso;
  private final PdHeaders headers;
  private final StreamObserver<Pdpb.TsoResponse> out;
  /** Set once the call has failed; later requests are dropped. Only the call's thread uses it. */
  private boolean failed;

  TsoStream(PersistentTso tso, PdHeaders headers, StreamObserver<Pdpb.TsoResponse> out) {
    this.tso = tso;
    this.headers = headers;
    this.out = out;
  }

  @Override
  public void onNext(Pdpb.TsoRequest request) {
    if (failed) {
      return;
    }
    Pdpb.TsoResponse response;
    try {
      response = answer(request);
    } catch (PdException e) {
      response = Pdpb.TsoResponse.newBuilder().setHeader(headers.error(e)).build();
    } catch (RuntimeException e) {
      LOG.warn("tso failed", e);
      failed = true;
      out.onError(Status.UNKNOWN.withDescription("tso failed: " + e.getMessage()).asRuntimeException());
      return;
    }
    out.onNext(response);
  }

  private Pdpb.TsoResponse answer(Pdpb.TsoRequest request) {
    headers.checkCluster(request.getHeader());
    int count = request.getCount();
    if (count <= 0 || count >= TsoTimestamp.MAX_LOGICAL) {
      throw PdException.unknown("tso count must be in [1, " + TsoTimestamp.MAX_LOGICAL + "): "
          + Integer.toUnsignedString(count));
    }
    TsoTimestamp ts = tso.next(count);
    return Pdpb.TsoResponse.newBuilder()
        .setHeader(headers.ok())
        .setCount(count)
        .setTimestamp(Pdpb.Timestamp.newBuilder().setPhysical(ts.physical()).setLogical(ts.logical()))
        .build();
  }

  @Override
  public void onError(Throwable t) {
    LOG.debug("tso stream ended by the client: {}", t.toString());
  }

  @Override
  public void onCompleted() {
    if (!failed) {
      out.onCompleted();
    }
  }
}
