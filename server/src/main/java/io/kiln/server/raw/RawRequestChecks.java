package io.kiln.server.raw;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Kvrpcpb.APIVersion;

/**
 * The checks a raw request passes before it reaches a region, with TiKV's messages. Each throws
 * {@link InvalidRawRequest}.
 */
final class RawRequestChecks {

  private final RawKvOptions options;

  RawRequestChecks(RawKvOptions options) {
    this.options = options;
  }

  /** Kiln stores raw data as API v1 (with or without TTL): a V1 client sends {@code V1}. */
  void context(Kvrpcpb.Context ctx) {
    if (ctx.getApiVersion() != APIVersion.V1) {
      throw new InvalidRawRequest("Api version in request does not match with the server, server: "
          + (options.ttlEnabled() ? "V1TTL" : "V1") + ", request: " + ctx.getApiVersion());
    }
  }

  /** The column family the request names: empty means {@code default}; only data CFs are allowed. */
  String cf(String cf) {
    if (cf.isEmpty()) {
      return Cf.DEFAULT;
    }
    if (!Cf.DATA.contains(cf)) {
      throw new InvalidRawRequest("invalid cf name: " + cf);
    }
    return cf;
  }

  /** A key to write: not empty, within the size limit. */
  void writeKey(ByteString key) {
    if (key.isEmpty()) {
      throw new InvalidRawRequest("key cannot be empty");
    }
    readKey(key);
  }

  /** A key to read: within the size limit (the empty key is allowed and never found). */
  void readKey(ByteString key) {
    if (key.size() > options.maxKeySize()) {
      throw new InvalidRawRequest("max key size exceeded, size: " + key.size() + ", limit: "
          + options.maxKeySize());
    }
  }

  void value(ByteString value) {
    if (value.size() > options.maxValueSize()) {
      throw new InvalidRawRequest("max value size exceeded, size: " + value.size() + ", limit: "
          + options.maxValueSize());
    }
  }

  /** A TTL in seconds (0: none) is only accepted when TTL is on. */
  void ttl(long ttl) {
    if (ttl != 0 && !options.ttlEnabled()) {
      throw new InvalidRawRequest("ttl is not enabled, but get put request with ttl");
    }
  }

  /** Reading a key's TTL needs TTL on. */
  void ttlReadable() {
    if (!options.ttlEnabled()) {
      throw new InvalidRawRequest("ttl is not enabled");
    }
  }
}
