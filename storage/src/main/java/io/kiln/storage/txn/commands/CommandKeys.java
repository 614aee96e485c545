package io.kiln.storage.txn.commands;

import com.google.protobuf.ByteString;
import io.kiln.storage.mvcc.KeyCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Raw request keys to the encoded form latches and the MVCC layer use. */
final class CommandKeys {

  private CommandKeys() {}

  static byte[] encode(ByteString raw) {
    return KeyCodec.encode(raw.toByteArray());
  }

  static List<byte[]> encodeAll(List<ByteString> raw) {
    List<byte[]> out = new ArrayList<>(raw.size());
    for (ByteString k : raw) {
      out.add(encode(k));
    }
    return out;
  }

  /** An encoded range bound; an empty raw key means unbounded (null). */
  static byte[] bound(ByteString raw) {
    return raw.isEmpty() ? null : encode(raw);
  }

  static long size(List<ByteString> keys) {
    long n = 0;
    for (ByteString k : keys) {
      n += k.size();
    }
    return n;
  }

  /** The bytes of already encoded keys (what a command that latches them counts for flow control). */
  static long encodedSize(Collection<byte[]> encodedKeys) {
    long n = 0;
    for (byte[] k : encodedKeys) {
      n += k.length;
    }
    return n;
  }
}
