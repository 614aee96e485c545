/**
 * PD's members and leadership ({@link io.kiln.pd.member.Membership}); today a single member
 * ({@link io.kiln.pd.member.StandaloneMembership}), later a raft group of PDs.
 */
package io.kiln.pd.member;
