package io.kiln.pd.storage;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A MetaStorage that counts durable writes and can be made to fail them. */
public final class CountingMetaStorage implements MetaStorage {

  private final MetaStorage delegate;
  private final AtomicInteger writes = new AtomicInteger();
  private volatile boolean failing;

  public CountingMetaStorage(MetaStorage delegate) {
    this.delegate = delegate;
  }

  public int writes() {
    return writes.get();
  }

  public void failWrites(boolean fail) {
    failing = fail;
  }

  @Override
  public byte[] get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public List<MetaEntry> scan(byte[] prefix) {
    return delegate.scan(prefix);
  }

  @Override
  public void write(List<MetaWrite> batch) {
    if (failing) {
      throw new IllegalStateException("injected write failure");
    }
    writes.incrementAndGet();
    delegate.write(batch);
  }
}
