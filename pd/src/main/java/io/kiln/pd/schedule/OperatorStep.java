package io.kiln.pd.schedule;

import io.kiln.pd.cluster.RegionInfo;
import io.kiln.proto.Metapb;
import java.util.Objects;

/** One change PD asks a region's leader to make, and how PD sees that it is done. */
public sealed interface OperatorStep
    permits OperatorStep.AddPeer, OperatorStep.RemovePeer, OperatorStep.TransferLeader {

  /** True when {@code region}, as its leader reports it, shows the change made. */
  boolean isDoneIn(RegionInfo region);

  /** Add {@code peer} as a voter (ChangePeer AddNode). */
  record AddPeer(Metapb.Peer peer) implements OperatorStep {
    public AddPeer {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public boolean isDoneIn(RegionInfo region) {
      return region.peer(peer.getId()) != null;
    }
  }

  /** Remove {@code peer} (ChangePeer RemoveNode). */
  record RemovePeer(Metapb.Peer peer) implements OperatorStep {
    public RemovePeer {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public boolean isDoneIn(RegionInfo region) {
      return region.peer(peer.getId()) == null;
    }
  }

  /** Move the leadership to {@code peer}. */
  record TransferLeader(Metapb.Peer peer) implements OperatorStep {
    public TransferLeader {
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public boolean isDoneIn(RegionInfo region) {
      return region.leader() != null && region.leader().getId() == peer.getId();
    }
  }
}
