package io.kiln.client.pd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiln.client.backoff.Backoffs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TsoBatchingTest {

  @Test
  void waitersQueuedDuringARequestShareTheNextOneAndGetTheBatchInOrder() throws Exception {
    try (FakePdServer server = new FakePdServer();
        GrpcPdClient pd = new GrpcPdClient(List.of("http://" + server.address()), Backoffs.system(new Random(1)),
            10_000, 5_000)) {
      assertThat(pd.clusterId()).isEqualTo(FakePdServer.CLUSTER);
      server.holdFirstTso();
      CompletableFuture<Long> first = pd.getTimestamp();
      assertThat(server.firstTsoReceived.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Long>> waiters = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        waiters.add(pd.getTimestamp());
      }
      server.releaseFirst.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Timestamps.compose(FakePdServer.PHYSICAL, 1));
      List<Long> got = new ArrayList<>();
      for (CompletableFuture<Long> w : waiters) {
        got.add(w.get(10, TimeUnit.SECONDS));
      }
      // one request with count 10, answered with logical 11 (the last): 2..11 in order
      assertThat(server.tsoCounts).containsExactly(1, 10);
      for (int i = 0; i < 10; i++) {
        assertThat(Timestamps.physical(got.get(i))).isEqualTo(FakePdServer.PHYSICAL);
        assertThat(Timestamps.logical(got.get(i))).isEqualTo(2 + i);
      }
    }
  }

  @Test
  void concurrentCallersGetDistinctTimestamps() throws Exception {
    try (FakePdServer server = new FakePdServer();
        GrpcPdClient pd = new GrpcPdClient(List.of(server.address()), Backoffs.system(new Random(2)), 10_000, 5_000)) {
      List<CompletableFuture<Long>> all = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < 50; i++) {
            CompletableFuture<Long> f = pd.getTimestamp();
            synchronized (all) {
              all.add(f);
            }
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      List<Long> ts = new ArrayList<>();
      for (CompletableFuture<Long> f : all) {
        ts.add(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(ts).hasSize(200).doesNotHaveDuplicates();
      assertThat(server.tsoCounts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
      assertThat(ts.stream().mapToLong(Timestamps::logical).max().orElseThrow()).isEqualTo(200);
    }
  }

  @Test
  void failsOverToAnotherEndpointWhenTheFirstIsDown() throws Exception {
    try (FakePdServer server = new FakePdServer();
        GrpcPdClient pd = new GrpcPdClient(List.of("127.0.0.1:1", server.address()), Backoffs.system(new Random(3)),
            10_000, 2_000)) {
      assertThat(pd.clusterId()).isEqualTo(FakePdServer.CLUSTER);
      assertThat(Timestamps.physical(pd.getTimestamp().get(10, TimeUnit.SECONDS))).isEqualTo(FakePdServer.PHYSICAL);
    }
  }
}
