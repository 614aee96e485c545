package io.kiln.pd.member;

import io.kiln.proto.Pdpb;
import java.util.List;
import java.util.Objects;

/** A PD of one member, always its own leader. */
public final class StandaloneMembership implements Membership {

  private final Pdpb.Member self;

  public StandaloneMembership(Pdpb.Member self) {
    this.self = Objects.requireNonNull(self, "self");
  }

  /** A member named {@code name} with id {@code memberId}, reachable at {@code clientUrl}. */
  public static StandaloneMembership of(String name, long memberId, String clientUrl) {
    return new StandaloneMembership(Pdpb.Member.newBuilder()
        .setName(name)
        .setMemberId(memberId)
        .addClientUrls(clientUrl)
        .addPeerUrls(clientUrl)
        .build());
  }

  @Override
  public Pdpb.Member self() {
    return self;
  }

  @Override
  public Pdpb.Member leader() {
    return self;
  }

  @Override
  public List<Pdpb.Member> members() {
    return List.of(self);
  }
}
