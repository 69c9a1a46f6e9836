package org.blendstream;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic names under one namespace prefix; every stage asks here so that the prefix is configured
 * once.
 */
public record Topics(String prefix) {

  public static final String CANDIDATES_INFIX = ".candidates.";

  public String requests() {
    return prefix + ".requests";
  }

  public String candidates(String model) {
    return prefix + CANDIDATES_INFIX + model;
  }

  /**
   * Candidate topics are subscribed by pattern, so a new model needs neither a restart nor code.
   * The pattern is {@code <prefix>.candidates.} followed by at least one character, which is the
   * model name (dots included): {@code blend.candidates.} alone names no model and is not read
   * (TopicSetup warns about it at start).
   */
  public Pattern candidatesPattern() {
    return Pattern.compile(Pattern.quote(prefix + CANDIDATES_INFIX) + ".+");
  }

  public String candidateSets() {
    return prefix + ".candidate-sets";
  }

  public String blended() {
    return prefix + ".blended";
  }

  public String rankings() {
    return prefix + ".rankings";
  }

  public String deadLetters() {
    return prefix + ".dlq";
  }

  public String late() {
    return prefix + ".late";
  }

  public String lateRequests() {
    return prefix + ".late-requests";
  }

  /** Feedback on answered requests (feedback.enabled only), keyed by request id like the sets. */
  public String feedback() {
    return prefix + ".feedback";
  }

  /**
   * The learned per-model strengths (feedback.enabled only), compacted: the latest value is the
   * prior.
   */
  public String modelPriors() {
    return prefix + ".model-priors";
  }

  /**
   * Where a replay writes: {@code <prefix>.blended.replay.<version>}, {@code
   * <prefix>.rankings.replay.<version>}, and its own dead letters, so that a replay never writes to
   * a topic the live pipeline owns.
   */
  public Replay replay(String version) {
    String v = replayVersion(version);
    return new Replay(
        v,
        blended() + REPLAY_INFIX + v,
        rankings() + REPLAY_INFIX + v,
        deadLetters() + REPLAY_INFIX + v);
  }

  public static final String REPLAY_INFIX = ".replay.";
  static final int MAX_REPLAY_VERSION = 160;

  /** The output topics of one replay version. */
  public record Replay(String version, String blended, String rankings, String deadLetters) {
    public List<String> all() {
      return List.of(blended, rankings, deadLetters);
    }
  }

  /**
   * A version name as it can stand in a topic name and an application.id: Kafka allows letters,
   * digits, '.', '_' and '-', so anything else (the space in "longest v1") becomes '-'. Refuses
   * what would leave nothing to name.
   */
  public static String replayVersion(String version) {
    String v =
        version == null
            ? ""
            : version.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    if (v.isEmpty() || v.chars().allMatch(c -> c == '.')) {
      throw new IllegalArgumentException(
          "replay version '" + version + "' leaves no letter or digit for a topic name");
    }
    if (v.length() > MAX_REPLAY_VERSION) {
      // Kafka refuses topic names over 249 characters; the prefix and ".rankings.replay." need the
      // rest.
      throw new IllegalArgumentException(
          "replay version '" + v + "' is longer than " + MAX_REPLAY_VERSION + " characters");
    }
    return v;
  }

  /** The fixed topics, which must exist before the pipeline starts. */
  public List<String> fixed() {
    return List.of(
        requests(), candidateSets(), blended(), rankings(), deadLetters(), late(), lateRequests());
  }

  /** The fixed topics of a deployment that learns from feedback, beside {@link #fixed()}. */
  public List<String> feedbackTopics() {
    return List.of(feedback(), modelPriors());
  }

  /** The model name from a candidate topic, or null if the topic is not one. */
  public String modelOf(String topic) {
    String p = prefix + CANDIDATES_INFIX;
    return topic != null && topic.startsWith(p) ? topic.substring(p.length()) : null;
  }
}
