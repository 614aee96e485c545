package io.kiln.client.rpc;

import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.TikvGrpc;

/** One request to a region's leader: builds it with the region's context and sends it. */
@FunctionalInterface
public interface RegionRpc<R extends com.google.protobuf.Message> {

  R call(TikvGrpc.TikvBlockingStub stub, Kvrpcpb.Context context);
}
