package io.kiln.testkit.client;

import java.nio.charset.StandardCharsets;

/** A key and its value, as a scan returns them. */
public record KvPair(byte[] key, byte[] value) {

  public String keyString() {
    return new String(key, StandardCharsets.UTF_8);
  }

  public String valueString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return keyString() + "=" + valueString();
  }
}
