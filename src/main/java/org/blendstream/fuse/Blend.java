package org.blendstream.fuse;

import org.blendstream.rank.RankedSet;

/**
 * What the fusion step hands on for one request: the ranked set and what fusion made of it. It
 * lives here, the stage that makes it, so that emit reads fuse's output and fuse never depends on
 * emit.
 */
public record Blend(RankedSet ranked, FusionOutcome outcome) {}
