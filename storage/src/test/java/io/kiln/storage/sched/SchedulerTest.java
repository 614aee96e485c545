package io.kiln.storage.sched;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiln.engine.Cf;
import io.kiln.engine.MemoryKvEngine;
import io.kiln.proto.Kvrpcpb;
import io.kiln.proto.Metapb;
import io.kiln.raftstore.kv.Modify;
import io.kiln.raftstore.kv.RaftKv;
import io.kiln.raftstore.kv.RegionErrorException;
import io.kiln.raftstore.kv.RegionSnapshot;
import io.kiln.storage.concurrency.ConcurrencyManager;
import io.kiln.storage.kv.StandaloneKv;
import io.kiln.storage.txn.TxnContext;
import io.kiln.storage.txn.WriteCommand;
import io.kiln.storage.txn.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private static final Kvrpcpb.Context CTX = Kvrpcpb.Context.newBuilder().setRegionId(1).build();

  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final MemoryKvEngine engine = new MemoryKvEngine();
  private final SchedulerStats stats = new SchedulerStats();

  @AfterEach
  void stop() throws InterruptedException {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }

  private Scheduler scheduler(RaftKv kv, long threshold) {
    return new Scheduler(kv, new Latches(64), workers, new TxnContext(new ConcurrencyManager(0)), threshold, stats);
  }

  /** Reads a counter and writes it back incremented: lost updates show if latches fail. */
  private record Increment(String key, int bytes) implements WriteCommand<Long> {
    @Override public Kvrpcpb.Context ctx() { return CTX; }
    @Override public Collection<byte[]> latchKeys() { return List.of(key.getBytes(UTF_8)); }
    @Override public long writeBytes() { return bytes; }
    @Override public String tag() { return "increment"; }

    @Override
    public WriteResult<Long> processWrite(RegionSnapshot snapshot, TxnContext context) {
      byte[] v = snapshot.get(Cf.DEFAULT, key.getBytes(UTF_8));
      long next = (v == null ? 0 : Long.parseLong(new String(v, UTF_8))) + 1;
      Thread.yield();
      return new WriteResult<>(List.of(new Modify.Put(Cf.DEFAULT, key.getBytes(UTF_8),
          Long.toString(next).getBytes(UTF_8))), next);
    }
  }

  private long counter(String key) {
    byte[] v = new StandaloneKv(engine, false).asyncSnapshot(CTX).join().get(Cf.DEFAULT, key.getBytes(UTF_8));
    return v == null ? 0 : Long.parseLong(new String(v, UTF_8));
  }

  @Test
  void commandsOnTheSameKeyNeverLoseAnUpdate() {
    Scheduler s = scheduler(new StandaloneKv(engine, false), 1 << 20);
    List<CompletableFuture<Long>> all = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      all.add(s.run(new Increment("k" + (i % 4), 10)));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    for (int k = 0; k < 4; k++) {
      assertThat(counter("k" + k)).isEqualTo(100);
    }
    assertThat(s.pendingBytes()).isZero();
    assertThat(s.waitingForLatches()).isZero();
    assertThat(stats.commands()).containsEntry("increment", 400L);
  }

  /** A RaftKv whose writes wait until the test lets them go, and which records the contexts. */
  private static final class HeldKv implements RaftKv {
    final MemoryKvEngine engine;
    final StandaloneKv inner;
    final List<CompletableFuture<Void>> held = new ArrayList<>();
    final List<Kvrpcpb.Context> writeContexts = new ArrayList<>();
    final long term;

    HeldKv(MemoryKvEngine engine, long term) {
      this.engine = engine;
      this.inner = new StandaloneKv(engine, false);
      this.term = term;
    }

    @Override
    public synchronized CompletableFuture<Void> asyncWrite(Kvrpcpb.Context ctx, List<Modify> modifies) {
      writeContexts.add(ctx);
      CompletableFuture<Void> gate = new CompletableFuture<>();
      held.add(gate);
      return gate.thenRun(() -> inner.write(modifies));
    }

    @Override
    public CompletableFuture<RegionSnapshot> asyncSnapshot(Kvrpcpb.Context ctx) {
      return CompletableFuture.completedFuture(new RegionSnapshot(engine.snapshot(),
          Metapb.Region.newBuilder().setId(ctx.getRegionId()).build(), term));
    }

    synchronized int heldCount() {
      return held.size();
    }

    synchronized void releaseAll() {
      held.forEach(g -> g.complete(null));
    }
  }

  @Test
  void flowControlRefusesNewCommandsWhilePendingBytesPassTheThreshold() throws Exception {
    HeldKv kv = new HeldKv(engine, 0);
    Scheduler s = scheduler(kv, 100);
    CompletableFuture<Long> first = s.run(new Increment("a", 80));
    waitFor(() -> kv.heldCount() == 1);
    CompletableFuture<Long> refused = s.run(new Increment("b", 80));
    assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(RegionErrorException.class)
        .satisfies(e -> assertThat(((RegionErrorException) e).error().hasServerIsBusy()).isTrue());
    kv.releaseAll();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(s.pendingBytes()).isZero();
    assertThat(stats.busyRefusals()).isEqualTo(1);
    CompletableFuture<Long> later = s.run(new Increment("b", 80));
    waitFor(() -> kv.heldCount() == 2);
    kv.releaseAll();
    assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void theLatchIsHeldUntilTheWriteIsApplied() throws Exception {
    HeldKv kv = new HeldKv(engine, 0);
    Scheduler s = scheduler(kv, 1 << 20);
    CompletableFuture<Long> first = s.run(new Increment("a", 1));
    waitFor(() -> kv.heldCount() == 1);
    CompletableFuture<Long> second = s.run(new Increment("a", 1));
    assertThat(s.waitingForLatches()).isEqualTo(1);
    kv.releaseAll();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    waitFor(() -> kv.heldCount() == 2);
    kv.releaseAll();
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void theWriteCarriesTheTermOfTheSnapshotItWasBuiltFrom() throws Exception {
    HeldKv kv = new HeldKv(engine, 7);
    Scheduler s = scheduler(kv, 1 << 20);
    CompletableFuture<Long> done = s.run(new Increment("a", 1));
    waitFor(() -> kv.heldCount() == 1);
    kv.releaseAll();
    done.get(10, TimeUnit.SECONDS);
    assertThat(kv.writeContexts).singleElement().satisfies(c -> {
      assertThat(c.getTerm()).isEqualTo(7);
      assertThat(c.getRegionId()).isEqualTo(1);
    });
  }

  @Test
  void aFailingCommandReleasesItsLatchesAndTheSchedulerKeepsServing() throws Exception {
    Scheduler s = scheduler(new StandaloneKv(engine, false), 1 << 20);
    CompletableFuture<Long> failed = s.run(new Failing("a"));
    assertThatThrownBy(failed::get).cause().isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(s.run(new Increment("a", 1)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(stats.failures()).containsEntry("failing", 1L);
  }

  private record Failing(String key) implements WriteCommand<Long> {
    @Override public Kvrpcpb.Context ctx() { return CTX; }
    @Override public Collection<byte[]> latchKeys() { return List.of(key.getBytes(UTF_8)); }
    @Override public long writeBytes() { return 1; }
    @Override public String tag() { return "failing"; }
    @Override public WriteResult<Long> processWrite(RegionSnapshot snapshot, TxnContext context) {
      throw new IllegalStateException("boom");
    }
  }

  /** Increments {@code remaining} keys one step at a time through {@link WriteResult#next()}. */
  private record Chain(List<String> remaining) implements WriteCommand<Long> {
    @Override public Kvrpcpb.Context ctx() { return CTX; }
    @Override public Collection<byte[]> latchKeys() { return List.of(remaining.get(0).getBytes(UTF_8)); }
    @Override public long writeBytes() { return 1; }
    @Override public String tag() { return "chain"; }
    @Override public WriteResult<Long> processWrite(RegionSnapshot snapshot, TxnContext context) {
      WriteResult<Long> step = new Increment(remaining.get(0), 1).processWrite(snapshot, context);
      Chain next = remaining.size() > 1 ? new Chain(remaining.subList(1, remaining.size())) : null;
      return new WriteResult<>(step.modifies(), (long) remaining.size(), List.of(), next);
    }
  }

  @Test
  void aContinuedCommandRunsEveryStepAndAnswersWithTheLast() throws Exception {
    Scheduler s = scheduler(new StandaloneKv(engine, false), 1 << 20);
    assertThat(s.run(new Chain(List.of("x", "y", "z"))).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(counter("x")).isEqualTo(1);
    assertThat(counter("y")).isEqualTo(1);
    assertThat(counter("z")).isEqualTo(1);
    assertThat(stats.commands()).containsEntry("chain", 3L);
    assertThat(s.pendingBytes()).isZero();
  }

  private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
    for (int i = 0; i < 1000 && !cond.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(cond.getAsBoolean()).as("condition not reached in 10 s").isTrue();
  }
}
