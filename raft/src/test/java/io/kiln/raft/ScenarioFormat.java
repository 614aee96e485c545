package io.kiln.raft;

import io.kiln.proto.Eraftpb.ConfState;
import io.kiln.proto.Eraftpb.Entry;
import io.kiln.proto.Eraftpb.EntryType;
import io.kiln.proto.Eraftpb.Message;
import java.util.StringJoiner;

/** One-line, human-readable renderings of raft messages, entries and configurations. */
final class ScenarioFormat {

  private ScenarioFormat() {}

  static String message(Message m) {
    StringBuilder sb = new StringBuilder();
    sb.append(m.getFrom()).append("->").append(m.getTo()).append(' ')
        .append(m.getMsgType().name()).append(" term=").append(m.getTerm());
    switch (m.getMsgType()) {
      case MsgAppend -> sb.append(" prev=").append(m.getLogTerm()).append('/').append(m.getIndex())
          .append(" commit=").append(m.getCommit()).append(" entries=").append(entries(m));
      case MsgAppendResponse -> {
        sb.append(" index=").append(m.getIndex());
        if (m.getReject()) {
          sb.append(" rejected hint=").append(m.getLogTerm()).append('/').append(m.getRejectHint());
        }
      }
      case MsgRequestVote, MsgRequestPreVote -> {
        sb.append(" last=").append(m.getLogTerm()).append('/').append(m.getIndex());
        if (!m.getContext().isEmpty()) {
          sb.append(" ctx=").append(m.getContext().toStringUtf8());
        }
      }
      case MsgRequestVoteResponse, MsgRequestPreVoteResponse -> sb.append(m.getReject() ? " rejected" : " granted");
      case MsgHeartbeat, MsgHeartbeatResponse -> {
        if (m.getMsgType() == io.kiln.proto.Eraftpb.MessageType.MsgHeartbeat) {
          sb.append(" commit=").append(m.getCommit());
        }
        if (!m.getContext().isEmpty()) {
          sb.append(" ctx=").append(m.getContext().toStringUtf8());
        }
      }
      case MsgSnapshot -> sb.append(" snapshot=").append(m.getSnapshot().getMetadata().getTerm()).append('/')
          .append(m.getSnapshot().getMetadata().getIndex()).append(' ')
          .append(confState(m.getSnapshot().getMetadata().getConfState()));
      case MsgPropose -> sb.append(" entries=").append(entries(m));
      case MsgReadIndex, MsgReadIndexResp -> sb.append(" index=").append(m.getIndex())
          .append(" ctx=").append(m.getEntriesCount() > 0 ? m.getEntries(0).getData().toStringUtf8() : "");
      default -> { }
    }
    return sb.toString();
  }

  private static String entries(Message m) {
    StringJoiner j = new StringJoiner(" ", "[", "]");
    for (Entry e : m.getEntriesList()) {
      j.add(entry(e));
    }
    return j.toString();
  }

  static String entry(Entry e) {
    String kind = e.getEntryType() == EntryType.EntryNormal ? "" : e.getEntryType() == EntryType.EntryConfChange ? "cc:" : "ccv2:";
    String data = e.getEntryType() == EntryType.EntryNormal ? e.getData().toStringUtf8() : "…";
    return e.getTerm() + "/" + e.getIndex() + (data.isEmpty() && kind.isEmpty() ? "" : " " + kind + data);
  }

  static String confState(ConfState cs) {
    StringBuilder sb = new StringBuilder("voters=").append(cs.getVotersList());
    if (cs.getVotersOutgoingCount() > 0) {
      sb.append("&&").append(cs.getVotersOutgoingList());
    }
    if (cs.getLearnersCount() > 0) {
      sb.append(" learners=").append(cs.getLearnersList());
    }
    if (cs.getLearnersNextCount() > 0) {
      sb.append(" learners_next=").append(cs.getLearnersNextList());
    }
    if (cs.getAutoLeave()) {
      sb.append(" autoleave");
    }
    return sb.toString().replace(" ", " ").replace(", ", ",");
  }
}
