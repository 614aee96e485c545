package io.kiln.client;

import io.kiln.client.codec.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A key and its value (empty for key-only scans); equality compares the bytes. */
public record KeyValue(byte[] key, byte[] value) {

  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  public static KeyValue of(String key, String value) {
    return new KeyValue(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }

  public String keyUtf8() {
    return new String(key, StandardCharsets.UTF_8);
  }

  public String valueUtf8() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return Keys.show(key) + "=" + Keys.show(value);
  }
}
