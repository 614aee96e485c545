package io.kiln.engine;

import java.util.Arrays;

/**
 * The history of one key in a {@link MemoryColumn}: values by sequence number, oldest first, a
 * null value being a deletion. Immutable: a writer replaces the whole object, so a reader holding
 * an older one still sees a consistent history.
 *
 * <p>Invariant: sequence numbers strictly increase; the array is never empty.
 */
final class Versions {

  private final long[] seqs;
  private final byte[][] values;

  private Versions(long[] seqs, byte[][] values) {
    this.seqs = seqs;
    this.values = values;
  }

  static Versions of(long seq, byte[] value) {
    return new Versions(new long[] {seq}, new byte[][] {value});
  }

  /** The value visible at {@code seq}: the newest version at or before it; null if none or deleted. */
  byte[] valueAt(long seq) {
    for (int i = seqs.length - 1; i >= 0; i--) {
      if (seqs[i] <= seq) {
        return values[i];
      }
    }
    return null;
  }

  /** True when the newest version is a value (not a deletion). */
  boolean newestIsLive() {
    return values[values.length - 1] != null;
  }

  int size() {
    return seqs.length;
  }

  /** This history plus {@code value} (null: a deletion) at {@code seq}, newer than every version. */
  Versions append(long seq, byte[] value) {
    int n = seqs.length;
    if (seq <= seqs[n - 1]) {
      throw new IllegalStateException("sequence " + seq + " is not after " + seqs[n - 1]);
    }
    long[] s = Arrays.copyOf(seqs, n + 1);
    byte[][] v = Arrays.copyOf(values, n + 1);
    s[n] = seq;
    v[n] = value;
    return new Versions(s, v);
  }

  /**
   * Drops what no reader at a sequence {@code >= horizon} can see: every version older than the
   * newest one at or before {@code horizon}, and that one too if it is a deletion.
   *
   * @return the pruned history (this object when nothing changes), or null when nothing is left
   *     (the key can be removed)
   */
  Versions prune(long horizon) {
    int keep = -1;
    for (int i = seqs.length - 1; i >= 0; i--) {
      if (seqs[i] <= horizon) {
        keep = i;
        break;
      }
    }
    if (keep < 0) {
      return this;
    }
    int from = values[keep] == null ? keep + 1 : keep;
    if (from == 0) {
      return this;
    }
    if (from == seqs.length) {
      return null;
    }
    return new Versions(Arrays.copyOfRange(seqs, from, seqs.length),
        Arrays.copyOfRange(values, from, values.length));
  }

  /**
   * The smallest horizon at which {@link #prune} would change this history, or
   * {@link Long#MAX_VALUE} if it never would (a single live value).
   */
  long nextPruneSeq() {
    if (values[0] == null) {
      return seqs[0];
    }
    return seqs.length > 1 ? seqs[1] : Long.MAX_VALUE;
  }
}
