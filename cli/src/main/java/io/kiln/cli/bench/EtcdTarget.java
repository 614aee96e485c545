package io.kiln.cli.bench;

import io.kiln.etcd.EtcdKv;
import java.util.List;

/** etcd v3 through {@link EtcdKv}: Put, Range (linearizable) and a revision-guarded Txn. */
public final class EtcdTarget implements BenchTarget {

  private final EtcdKv kv;

  public EtcdTarget(List<String> endpoints, long timeoutMs) {
    this.kv = new EtcdKv(endpoints, timeoutMs);
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public void put(byte[] key, byte[] value) {
    kv.put(key, value);
  }

  @Override
  public boolean get(byte[] key) {
    return kv.get(key).isPresent();
  }

  @Override
  public int scan(byte[] start, int limit) {
    return kv.scan(start, limit);
  }

  @Override
  public boolean transfer(byte[] first, byte[] second, byte[] firstValue, byte[] secondValue) {
    return kv.transfer(first, second, firstValue, secondValue);
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public void close() {
    kv.close();
  }
}
