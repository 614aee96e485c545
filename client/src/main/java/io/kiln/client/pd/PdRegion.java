package io.kiln.client.pd;

import io.kiln.proto.Metapb;
import java.util.Objects;

/**
 * A region as PD reports it: its metadata (boundaries as PD stores them, epoch, peers) and the
 * leader PD last heard of, or null when PD knows none.
 */
public record PdRegion(Metapb.Region region, Metapb.Peer leader) {

  public PdRegion {
    Objects.requireNonNull(region, "region");
    if (leader != null && leader.getId() == 0) {
      leader = null;
    }
  }
}
