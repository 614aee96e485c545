package io.kiln.testkit.net;

import io.kiln.proto.Eraftpb.MessageType;
import io.kiln.proto.RaftServerpb.RaftMessage;

/**
 * One raft message on its way from store {@code from} to store {@code to}, with the extra delay
 * the filters gave it so far. Filters turn a delivery into zero (dropped), one (passed, maybe
 * delayed) or several (duplicated) deliveries.
 *
 * @param from the sending store
 * @param to the receiving store ({@code message.to_peer.store_id})
 * @param message the message as the sender gave it
 * @param delayNanos how long the network holds it back before handing it over (0: at once)
 */
public record Delivery(long from, long to, RaftMessage message, long delayNanos) {

  public Delivery {
    if (delayNanos < 0) {
      throw new IllegalArgumentException("negative delay " + delayNanos + " ns");
    }
  }

  /** The same message, held back {@code nanos} longer. */
  public Delivery delayedBy(long nanos) {
    return new Delivery(from, to, message, delayNanos + nanos);
  }

  /** The raft message type inside ({@code MsgAppend}, {@code MsgHeartbeat}...). */
  public MessageType type() {
    return message.getMessage().getMsgType();
  }

  /** True if the message goes from one of {@code a} to one of {@code b}, either way round. */
  public boolean crosses(java.util.Set<Long> a, java.util.Set<Long> b) {
    return (a.contains(from) && b.contains(to)) || (b.contains(from) && a.contains(to));
  }

  @Override
  public String toString() {
    return type() + " " + from + "->" + to + " region " + message.getRegionId()
        + (delayNanos > 0 ? " +" + delayNanos / 1000 + "us" : "");
  }
}
