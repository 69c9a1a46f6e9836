package org.blendstream.cli;

import org.blendstream.avro.RankerInfo;

/**
 * How the commands name a ranker to people: "builtin-minilm-pairranker-v4 on cpu (float32), aggregation maxlogits",
 * "longest". A version that already carries the name, or a baseline's "1", is not repeated after it.
 */
final class RankerLabel {

  private RankerLabel() {}

  static String of(RankerInfo info) {
    if (info == null) {
      return "unknown ranker";
    }
    String name = info.getName();
    String version = info.getVersion();
    StringBuilder s = new StringBuilder();
    if (version == null || version.isBlank() || version.equals(name) || version.equals("1")) {
      s.append(name);
    } else if (version.startsWith(name)) {
      s.append(version);
    } else {
      s.append(name).append(' ').append(version);
    }
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
