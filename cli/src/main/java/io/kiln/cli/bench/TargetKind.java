package io.kiln.cli.bench;

/** The systems {@code --target} can name, and how each is opened. */
public enum TargetKind {
  KILN, ETCD, MEMORY;

  public BenchTarget open(BenchSettings s) {
    switch (this) {
      case KILN:
        return new KilnTarget(s.pd(), s.timeoutMs());
      case ETCD:
        return new EtcdTarget(s.etcdEndpoints(), s.timeoutMs());
      default:
        return new InMemoryTarget();
    }
  }
}
