package io.kiln.pd.member;

import io.kiln.proto.Pdpb;
import java.util.List;

/**
 * The PD members and which one leads (what GetMembers answers). A single PD is its own leader
 * ({@link StandaloneMembership}); a replicated PD answers from its raft group and serves
 * requests only while it leads.
 */
public interface Membership {

  /** This member. */
  Pdpb.Member self();

  /** The current leader, or null when none is known. */
  Pdpb.Member leader();

  /** Every member. */
  List<Pdpb.Member> members();

  /** True when this member leads and may serve requests. */
  default boolean isLeader() {
    Pdpb.Member leader = leader();
    return leader != null && leader.getMemberId() == self().getMemberId();
  }
}
