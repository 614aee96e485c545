package io.kiln.testkit.raftstore;

import io.kiln.testkit.client.ClientDeadlineException;
import io.kiln.testkit.client.ClusterClient;
import io.kiln.testkit.client.KvPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One client of the TinyKV 2B workload: it owns the keys {@code k<id>-<gen>} and appends {@code
 * "x <id> <n> y"} to the current one with full-value puts, reading in between. It keeps the only
 * model it can be sure of: {@link #acked} is the last value known to be committed (an
 * acknowledged put, or a value a read returned), {@link #unknown} the later puts whose answer
 * never came, in issue order (each may still be committed, after the ones before it). A read must
 * return the acked value or one of the unknown ones (which then becomes acked); anything else is a
 * lost or stale write, recorded in {@link #violations}.
 *
 * <p>Once the value passes {@link #ROLL_OVER_CHARS} and nothing is unanswered, the client moves
 * on to the next key (values would otherwise grow without bound); the finished keys keep their
 * final values, which {@link #expectedKeys()} lists for a scan to check.
 */
final class AppendClient implements Runnable {

  static final int ROLL_OVER_CHARS = 2048;

  private final int id;
  private final SortedMap<String, String> finished = new TreeMap<>();
  private String key;
  private int generation;
  private final ClusterClient client;
  private final Random random;
  private final List<String> unknown = new ArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private String acked = "";
  private int next;
  private volatile boolean stop;
  private int acks;
  private int unanswered;
  private int refused;
  private int reads;
  private int failedReads;

  AppendClient(int id, ClusterClient client, Random random) {
    this.id = id;
    this.key = keyOf(0);
    this.client = client;
    this.random = random;
  }

  /** The key the client appends to now. */
  String key() {
    return key;
  }

  /** The prefix of every key of this client; {@code prefix + "~"} bounds them. */
  String prefix() {
    return "k" + id + "-";
  }

  /** What the client's keys must hold, given that {@link #key()} holds the acked value. */
  SortedMap<String, String> expectedKeys() {
    SortedMap<String, String> m = new TreeMap<>(finished);
    if (!acked.isEmpty()) {
      m.put(key, acked);
    }
    return m;
  }

  private String keyOf(int gen) {
    return String.format("k%d-%04d", id, gen);
  }

  void stop() {
    stop = true;
  }

  void reset() {
    stop = false;
  }

  @Override
  public void run() {
    while (!stop) {
      if (random.nextBoolean()) {
        append();
      } else {
        read(random.nextBoolean());
      }
    }
  }

  void append() {
    String value = acked + "x " + id + " " + next++ + " y";
    try {
      client.put(key, value);
      acked = value;
      unknown.clear();
      acks++;
      if (acked.length() > ROLL_OVER_CHARS) {
        finished.put(key, acked);
        key = keyOf(++generation);
        acked = "";
      }
    } catch (ClientDeadlineException e) {
      if (e.mayHaveApplied()) {
        unknown.add(value);
        unanswered++;
      } else {
        refused++;
      }
    }
  }

  /** Reads the key with a Get command, or with a Snap command and a scan when {@code viaScan}. */
  void read(boolean viaScan) {
    String v;
    try {
      v = viaScan ? scan() : client.get(key);
    } catch (ClientDeadlineException e) {
      failedReads++;
      return;
    }
    reads++;
    String problem = observe(v);
    if (problem != null) {
      violations.add((viaScan ? "scan" : "get") + " of " + key + ": " + problem);
    }
  }

  private String scan() {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] end = (key + "\0").getBytes(StandardCharsets.UTF_8);
    List<KvPair> pairs = client.scan(k, end, 10);
    if (pairs.size() > 1) {
      violations.add("scan of [" + key + ", " + key + "\\0) returned " + pairs.size() + " pairs");
    }
    return pairs.isEmpty() ? null : pairs.get(0).valueString();
  }

  /**
   * Checks a value read from the cluster against the model and learns from it; returns a
   * description of the violation, or null if the value is possible.
   */
  String observe(String read) {
    String v = read == null ? "" : read;
    if (v.equals(acked)) {
      return null;
    }
    int i = unknown.indexOf(v);
    if (i >= 0) {
      acked = v;
      unknown.subList(0, i + 1).clear();
      return null;
    }
    return "read " + show(v) + " but the last committed value is " + show(acked)
        + (unknown.isEmpty() ? "" : " (or one of " + unknown.size() + " unanswered puts)");
  }

  List<String> violations() {
    return violations;
  }

  int acks() {
    return acks;
  }

  String summary() {
    return "client " + id + " (" + key + "): " + acks + " acked, " + unanswered + " unanswered, " + refused + " refused puts; "
        + reads + " reads (" + failedReads + " timed out); value " + acked.length() + " chars";
  }

  private static String show(String v) {
    if (v.isEmpty()) {
      return "(absent)";
    }
    return v.length() <= 60 ? "'" + v + "'" : "'..." + v.substring(v.length() - 60) + "' (" + v.length() + " chars)";
  }
}
