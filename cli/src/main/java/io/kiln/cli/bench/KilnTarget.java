package io.kiln.cli.bench;

import io.kiln.client.KilnClient;
import io.kiln.client.error.TxnConflictException;
import io.kiln.client.txn.Transaction;
import java.time.Duration;
import java.util.List;

/**
 * Kiln through its own client ({@link KilnClient}): the key-value workloads use the raw API (as
 * etcd's KV is used), txn2 the transactional API (a snapshot read of both keys and a two-phase
 * commit of both writes). The one place that knows which Kiln client the benchmark uses.
 */
public final class KilnTarget implements BenchTarget {

  private final KilnClient client;

  public KilnTarget(String pdAddress, long timeoutMs) {
    this.client = KilnClient.builder().pdEndpoints(pdAddress).requestTimeout(Duration.ofMillis(timeoutMs)).build();
  }

  @Override
  public String name() {
    return "kiln";
  }

  @Override
  public void put(byte[] key, byte[] value) {
    client.raw().put(key, value);
  }

  @Override
  public boolean get(byte[] key) {
    return client.raw().get(key).isPresent();
  }

  @Override
  public int scan(byte[] start, int limit) {
    return client.raw().scan(start, new byte[0], limit).size();
  }

  @Override
  public boolean transfer(byte[] first, byte[] second, byte[] firstValue, byte[] secondValue) {
    Transaction txn = client.txn().begin();
    txn.batchGet(List.of(first, second));
    txn.set(first, firstValue);
    txn.set(second, secondValue);
    try {
      txn.commit();
      return true;
    } catch (TxnConflictException e) {
      return false;
    }
  }

  @Override
  public void loadForTransactions(byte[] key, byte[] value) {
    Transaction txn = client.txn().begin();
    txn.set(key, value);
    txn.commit();
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
