package org.blendstream.cli;

import org.blendstream.avro.RankerInfo;
import org.blendstream.emit.BlendedResponseView;

/**
 * How the commands name a ranker to people: "builtin-minilm-pairranker-v4 on cpu (float32),
 * aggregation maxlogits", "longest v1": the answer view's ranker name, plus where and how it ran
 * when the record says so.
 */
final class RankerLabel {

  private RankerLabel() {}

  static String of(RankerInfo info) {
    if (info == null) {
      return "unknown ranker";
    }
    StringBuilder s = new StringBuilder(BlendedResponseView.rankerLabel(info));
    if (info.getDevice() != null) {
      s.append(" on ").append(info.getDevice());
      if (info.getDtype() != null) {
        s.append(" (").append(info.getDtype()).append(')');
      }
    }
    if (info.getAggregation() != null) {
      s.append(", aggregation ").append(info.getAggregation());
    }
    return s.toString();
  }
}
