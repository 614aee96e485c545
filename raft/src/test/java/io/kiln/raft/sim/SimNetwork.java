package io.kiln.raft.sim;

import io.kiln.proto.Eraftpb.Message;
import java.util.Random;

/**
 * The simulated network: every message gets an independent random delay (so messages reorder),
 * and may be lost, duplicated or held up for long. Partitions cut directed links; a message is
 * lost if its link is cut when it is sent or when it arrives.
 */
final class SimNetwork {

  private final Random rnd;
  private final SimOptions opts;
  private final EventQueue queue;
  private final java.util.function.BiConsumer<Long, Message> lost;
  private final boolean[][] cut;
  private boolean reliable;
  private long sent;
  private long dropped;

  /** {@code lost} hears of every message dropped at sending (a transport notices some losses). */
  SimNetwork(Random rnd, SimOptions opts, EventQueue queue, java.util.function.BiConsumer<Long, Message> lost) {
    this.lost = lost;
    this.rnd = rnd;
    this.opts = opts;
    this.queue = queue;
    this.cut = new boolean[opts.nodes() + 1][opts.nodes() + 1];
  }

  /** {@code sender} sends {@code m} to its target, whose current incarnation is {@code incarnation}. */
  void send(long sender, Message m, int incarnation) {
    sent++;
    if (isCut(sender, m.getTo()) || (!reliable && rnd.nextDouble() < opts.lossRate())) {
      dropped++;
      lost.accept(sender, m);
      return;
    }
    schedule(sender, m, incarnation);
    if (!reliable && rnd.nextDouble() < opts.dupRate()) {
      schedule(sender, m, incarnation);
    }
  }

  private void schedule(long sender, Message m, int incarnation) {
    long delay = opts.minDelay() + rnd.nextInt(opts.maxDelay() - opts.minDelay() + 1);
    if (!reliable && rnd.nextDouble() < opts.longDelayRate()) {
      delay += rnd.nextInt(opts.tickInterval() * opts.electionTick() * 2);
    }
    queue.schedule(queue.now() + delay, EventQueue.Kind.DELIVER, m.getTo(), m, incarnation, sender);
  }

  boolean isCut(long from, long to) {
    return cut[(int) from][(int) to];
  }

  /** Cuts a random set of links: isolates one node, splits the group in two, or cuts one way. */
  String partition() {
    heal();
    int n = opts.nodes();
    switch (rnd.nextInt(3)) {
      case 0 -> {
        int victim = 1 + rnd.nextInt(n);
        for (int i = 1; i <= n; i++) {
          cut[victim][i] = cut[i][victim] = i != victim;
        }
        return "isolate n" + victim;
      }
      case 1 -> {
        boolean[] side = new boolean[n + 1];
        StringBuilder sb = new StringBuilder("split {");
        for (int i = 1; i <= n; i++) {
          side[i] = rnd.nextBoolean();
          if (side[i]) {
            sb.append(' ').append(i);
          }
        }
        for (int i = 1; i <= n; i++) {
          for (int j = 1; j <= n; j++) {
            cut[i][j] = side[i] != side[j];
          }
        }
        return sb.append(" } from the rest").toString();
      }
      default -> {
        int a = 1 + rnd.nextInt(n);
        int b = 1 + rnd.nextInt(n);
        cut[a][b] = a != b;
        return "cut n" + a + " -> n" + b;
      }
    }
  }

  void heal() {
    for (boolean[] row : cut) {
      java.util.Arrays.fill(row, false);
    }
  }

  /** From now on: no loss, no duplication, no long delays (the liveness phase). */
  void makeReliable() {
    reliable = true;
    heal();
  }

  String stats() {
    return "messages sent=" + sent + " dropped=" + dropped;
  }
}
