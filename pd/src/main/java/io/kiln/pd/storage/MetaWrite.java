package io.kiln.pd.storage;

import java.util.Objects;

/** One modification in a {@link MetaStorage#write} batch. */
public sealed interface MetaWrite permits MetaWrite.Put, MetaWrite.Delete {

  byte[] key();

  static MetaWrite put(byte[] key, byte[] value) {
    return new Put(key, value);
  }

  static MetaWrite delete(byte[] key) {
    return new Delete(key);
  }

  /** Sets {@code key} to {@code value}. */
  record Put(byte[] key, byte[] value) implements MetaWrite {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes {@code key} (nothing happens if it is absent). */
  record Delete(byte[] key) implements MetaWrite {
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }
}
