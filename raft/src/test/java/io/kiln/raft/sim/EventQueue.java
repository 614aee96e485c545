package io.kiln.raft.sim;

import io.kiln.proto.Eraftpb.Message;
import java.util.PriorityQueue;

/**
 * The simulator's agenda: events ordered by simulated time, ties broken by the order in which
 * they were scheduled, so a run is a pure function of its seed. Also keeps the last few events
 * run, for the failure report.
 */
final class EventQueue {

  /** What an event does. */
  enum Kind { TICK, DELIVER, PERSIST, DRIVER, RESTART, HEAL, SNAP_STATUS }

  /**
   * One scheduled event.
   *
   * @param node the node it concerns (0 if none)
   * @param msg the message to deliver (DELIVER only)
   * @param incarnation the target node's incarnation when scheduled (stale events are dropped)
   * @param number the Ready number (PERSIST), the node that sent the message (DELIVER), or the
   *     snapshot's target, negated if it failed (SNAP_STATUS)
   */
  record Event(long time, long seq, Kind kind, long node, Message msg, int incarnation, long number) {
    @Override
    public String toString() {
      String base = "t=" + time + " " + kind + (node == 0 ? "" : " n" + node)
          + (kind == Kind.DELIVER ? " via n" + number : "");
      if (msg != null) {
        return base + " " + msg.getMsgType() + " " + msg.getFrom() + "->" + msg.getTo() + " term="
            + msg.getTerm() + " logTerm=" + msg.getLogTerm() + " index=" + msg.getIndex() + " commit="
            + msg.getCommit() + " ents=" + msg.getEntriesCount() + (msg.getReject() ? " reject hint="
            + msg.getRejectHint() : "");
      }
      return kind == Kind.PERSIST ? base + " ready#" + number : base;
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.time != b.time
      ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final Event[] recent = new Event[Integer.getInteger("kiln.sim.trace", 40)];
  private long seq;
  private long ran;
  private long now;

  long now() {
    return now;
  }

  long eventsRun() {
    return ran;
  }

  void schedule(long time, Kind kind, long node, Message msg, int incarnation, long number) {
    if (time < now) {
      throw new IllegalArgumentException("event in the past: " + time + " < " + now);
    }
    queue.add(new Event(time, seq++, kind, node, msg, incarnation, number));
  }

  /** The next event, or null if none is due at or before {@code until}. */
  Event next(long until) {
    Event e = queue.peek();
    if (e == null || e.time > until) {
      return null;
    }
    queue.poll();
    now = e.time;
    recent[(int) (ran++ % recent.length)] = e;
    return e;
  }

  /** Moves the clock forward to {@code time} when nothing is due before it. */
  void advanceTo(long time) {
    now = Math.max(now, time);
  }

  /** The last events run, oldest first, one per line. */
  String recentEvents() {
    StringBuilder sb = new StringBuilder();
    long from = Math.max(0, ran - recent.length);
    for (long i = from; i < ran; i++) {
      sb.append("    ").append(recent[(int) (i % recent.length)]).append('\n');
    }
    return sb.toString();
  }
}
