package io.kiln.server.txn;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kiln.proto.Errorpb;
import io.kiln.proto.Kvrpcpb;
import io.kiln.raftstore.kv.RegionErrorException;
import java.util.concurrent.CompletionException;

/**
 * Turns a failed transactional command into the response TiKV would send: a region error goes to
 * the response's {@code region_error}; any other failure (an engine error, a bug) becomes a
 * {@code KeyError} with {@code abort} set (a request the command refused as malformed says
 * "invalid request: ..."), in the response's {@code error} or {@code errors} field
 * (TiKV's {@code extract_key_error} does the same for errors it has no better field for). Every
 * transactional response of kvrpcpb has {@code region_error}; the field is found by name.
 */
final class TxnResponses {

  private TxnResponses() {}

  @SuppressWarnings("unchecked")
  static <R extends Message> R failed(R defaultInstance, Throwable failure) {
    Throwable cause = unwrap(failure);
    Message.Builder b = defaultInstance.newBuilderForType();
    if (cause instanceof RegionErrorException re) {
      return (R) b.setField(field(b, "region_error"), re.error()).build();
    }
    String message = cause instanceof IllegalArgumentException
        ? "invalid request: " + cause.getMessage()
        : "unexpected error: " + cause;
    Kvrpcpb.KeyError abort = Kvrpcpb.KeyError.newBuilder().setAbort(message).build();
    FieldDescriptor error = b.getDescriptorForType().findFieldByName("error");
    if (error != null && error.getMessageType() == Kvrpcpb.KeyError.getDescriptor()) {
      return (R) b.setField(error, abort).build();
    }
    FieldDescriptor errors = b.getDescriptorForType().findFieldByName("errors");
    if (errors != null && errors.isRepeated() && errors.getMessageType() == Kvrpcpb.KeyError.getDescriptor()) {
      return (R) b.addRepeatedField(errors, abort).build();
    }
    if (error != null && error.getType() == FieldDescriptor.Type.STRING) {
      return (R) b.setField(error, abort.getAbort()).build();
    }
    return (R) b.setField(field(b, "region_error"),
        Errorpb.Error.newBuilder().setMessage(abort.getAbort()).build()).build();
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static FieldDescriptor field(Message.Builder b, String name) {
    FieldDescriptor f = b.getDescriptorForType().findFieldByName(name);
    if (f == null) {
      throw new IllegalArgumentException(b.getDescriptorForType().getFullName() + " has no field " + name);
    }
    return f;
  }
}
