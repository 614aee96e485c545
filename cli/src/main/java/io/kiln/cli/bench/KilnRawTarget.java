package io.kiln.cli.bench;

import io.kiln.client.raw.RawClient;

/**
 * Kiln through the client module's raw (API v1) client. The ONE place that knows which Kiln client
 * the benchmark uses: when the new KilnClient (raw + txn) lands, switch this adapter to it and let
 * {@link #supportsTransactions} answer true.
 */
public final class KilnRawTarget implements BenchTarget {

  private final RawClient client;

  public KilnRawTarget(String pdAddress, long timeoutMs) {
    this.client = new RawClient(pdAddress, timeoutMs);
  }

  @Override
  public String name() {
    return "kiln (raw)";
  }

  @Override
  public void put(byte[] key, byte[] value) {
    client.put(key, value);
  }

  @Override
  public boolean get(byte[] key) {
    return client.get(key).isPresent();
  }

  @Override
  public int scan(byte[] start, int limit) {
    return client.scan(start, new byte[0], limit).size();
  }

  @Override
  public boolean transfer(byte[] first, byte[] second, byte[] firstValue, byte[] secondValue) {
    throw new UnsupportedOperationException("transactions are not supported yet by this target (kiln raw client)");
  }

  @Override
  public boolean supportsTransactions() {
    return false;
  }

  @Override
  public void close() {
    client.close();
  }
}
