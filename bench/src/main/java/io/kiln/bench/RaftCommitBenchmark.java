package io.kiln.bench;

import com.google.protobuf.ByteString;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Committed entries per second for a 3-peer in-memory raft group driven by one thread: the cost
 * of the consensus core itself. {@code batch=1} proposes one entry and runs a full replication
 * round for it; a larger batch proposes that many entries in one {@code proposeBatch}, so they
 * share one append message and one acknowledgement per follower.
 *
 * <p>Run: {@code java -jar bench/target/kiln-benchmarks.jar RaftCommitBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RaftCommitBenchmark {

  static final int OPS = 1024;

  @Param({"1", "64", "1024"})
  public int batch;

  @Param({"100"})
  public int valueSize;

  private InMemoryRaftGroup group;
  private ByteString value;
  private java.util.List<ByteString> values;

  @Setup(Level.Trial)
  public void setUp() {
    group = new InMemoryRaftGroup(3, 42);
    value = ByteString.copyFrom(new byte[valueSize]);
    values = java.util.Collections.nCopies(batch, value);
  }

  /** Proposes and commits {@value #OPS} entries; the score is entries per second. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long commit() {
    long before = group.appliedOnLeader();
    for (int done = 0; done < OPS; done += batch) {
      if (batch == 1) {
        group.propose(value);
      } else {
        group.proposeBatch(values);
      }
      group.pump();
    }
    long applied = group.appliedOnLeader() - before;
    if (applied != OPS) {
      throw new IllegalStateException("expected " + OPS + " entries applied, got " + applied);
    }
    return applied;
  }
}
