package org.blendstream.emit;

import org.blendstream.fuse.FusionOutcome;
import org.blendstream.rank.RankedSet;

/** The final answer for one request before it is written: the ranked set and what the fusion step made of it. */
public record Blend(RankedSet ranked, FusionOutcome outcome) {}
